"""Old name of :mod:`monitor.wording` (numbers are part of the one Dutch wording module now)."""

from .wording import COUNT_NOUNS, COUNT_UNIT, MISSING_TEXT, count_noun, diff_unit, indicator_value, number, with_unit

__all__ = ["COUNT_NOUNS", "COUNT_UNIT", "MISSING_TEXT", "count_noun", "diff_unit", "indicator_value", "number",
           "with_unit"]
