"""Over de grens: the border regions beside the Belgian and German areas across the border (Eurostat NUTS-3).

:mod:`.model` reads Eurostat's extract of the snapshot (values, flags, NUTS 2021 names, the region →
area table) and knows the series breaks; :mod:`.table` makes the tidy table of ``grens.csv`` (levels,
population growth, age shares, each against its own country = 100, flags and gaps);
:mod:`.crosscheck` compares Eurostat's Dutch areas with CBS's COROP accounts; :mod:`.texts` says it in
Dutch. Eurostat's figures are never mixed with CBS's in one series.
"""
