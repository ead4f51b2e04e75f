"""Out: the researchers' files (CSV, Excel, Parquet, GeoPackage) written by ``python -m monitor export``.

:mod:`.writer` writes them under the ``--out`` rule; :mod:`.long_form` is the long table in Arrow,
:mod:`.comparison` the comparison table, :mod:`.excel` the workbook's layout, :mod:`.cells` the one escaping
rule for CSV and Excel cells (and the Excel CSV), :mod:`.licence` the licence and attribution.
"""
