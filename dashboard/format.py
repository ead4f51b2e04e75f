"""Dutch wording for the app: re-exported from :mod:`monitor.wording` (the one place for it)."""

from __future__ import annotations

from monitor.wording import (DASH, DIRECTION_LABELS, MISSING_TEXT, NO_VERDICT, VERDICT_LABELS, difference, direction,
                             index, number, value, verdict, with_unit)

__all__ = ["DASH", "MISSING_TEXT", "number", "with_unit", "value", "difference", "verdict", "direction", "index",
           "VERDICT_LABELS", "DIRECTION_LABELS", "NO_VERDICT"]
