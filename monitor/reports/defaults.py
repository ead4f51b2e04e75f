"""Defaults of the reports that the command-line parser needs, in a module without heavy imports."""

DEFAULT_DPI = 150
"""Slide maps at 150 dpi are 2000 x 1125 pixels."""
LEVELS = ("gemeente", "regio")
"""Map levels; the same as :data:`monitor.maps.LEVELS` (checked in tests/test_cli_imports.py)."""
