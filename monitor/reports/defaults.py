"""Defaults of the reports that the command-line parser needs, in a module without heavy imports."""

from ..levels import MAP_LEVELS as LEVELS

__all__ = ["DEFAULT_DPI", "LEVELS"]

DEFAULT_DPI = 150
"""Slide maps at 150 dpi are 2000 x 1125 pixels."""
