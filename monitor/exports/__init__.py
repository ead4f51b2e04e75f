"""Out: the researchers' files (CSV, Excel, Parquet, GeoPackage) written by ``python -m monitor export``.

:mod:`.writer` writes them under the ``--out`` rule; :mod:`.comparison` is the comparison table,
:mod:`.excel` the workbook's layout, :mod:`.cells` the one escaping rule for CSV and Excel cells,
:mod:`.licence` the licence and attribution.
"""
