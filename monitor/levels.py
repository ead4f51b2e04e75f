"""The area levels of the monitor, defined once: id, Dutch label, plural (sheet name), order, map level.

Pure data, no imports: the core (computation, export, maps, reports), the command line and the
dashboard all read their level names from here. To add a level, add one :class:`Level` to
:data:`ALL` (and compute its values in :mod:`monitor.compute`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """One area level.

    Attributes
    ----------
    id
        The level as stored in ``values["level"]`` and used in URLs (``gemeente``, ``regio`` …).
    label
        Dutch name of one area of this level (``Gemeente``).
    plural
        Dutch name of all areas of this level (``Gemeenten``): the Excel sheet and the map's level choice.
    display_order
        Position in tables for people: Nederland first, gemeenten last.
    on_map
        Whether the maps can colour this level.
    """

    id: str
    label: str
    plural: str
    display_order: int
    on_map: bool = False


ALL = (
    Level("gemeente", "Gemeente", "Gemeenten", 4, on_map=True),
    Level("regio", "Regio", "Regio's", 2, on_map=True),
    Level("nederland", "Nederland", "Nederland", 0),
    Level("programma", "Programma", "Programma", 1),
    Level("corop", "COROP-gebied", "COROP-gebieden", 3),
)
"""Every level, in the order of the stored values (``monitor.compute`` sorts by it)."""

LEVELS = tuple(level.id for level in ALL)
"""Level ids in stored order."""
MAP_LEVELS = tuple(level.id for level in ALL if level.on_map)
"""Levels a map can show: ``("gemeente", "regio")``."""
LABELS = {level.id: level.label for level in ALL}
"""Level id -> Dutch label of one area."""
PLURALS = {level.id: level.plural for level in ALL}
"""Level id -> Dutch plural (Excel sheet name, map level choice)."""
MAP_LEVEL_LABELS = {level: PLURALS[level] for level in MAP_LEVELS}
"""Map level -> its name in the map's level choice (``Gemeenten``, ``Regio's``)."""
DISPLAY_ORDER = {level.id: level.display_order for level in ALL}
"""Level id -> position in tables for people (Nederland, programme, regions, COROP, gemeenten)."""
STORED_ORDER = {level: i for i, level in enumerate(LEVELS)}
"""Level id -> position in the stored values."""
