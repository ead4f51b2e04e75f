"""The licence and attribution every file the monitor writes carries (CBS figures, CBS/Kadaster boundaries).

Kept apart from :mod:`.writer` so that the documents of :mod:`monitor.plan`, which the export also writes,
can name the same licence without importing the writer.
"""

LICENCE = "CC BY 4.0"
ATTRIBUTION = "Bron: CBS"
BOUNDARY_ATTRIBUTION = "Gemeentegrenzen: CBS/Kadaster (generalisatie), CC BY 4.0"
