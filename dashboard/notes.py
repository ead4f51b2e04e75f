"""Honest figures on screen: the covered share behind a value and a warning for old data.

Re-exported from :mod:`monitor.wording`, where the PDF report finds the same words.
"""

from __future__ import annotations

from monitor.wording import (OLD_DATA_YEARS, THRESHOLD_TEXT, coverage_below_full, coverage_cell, coverage_sentence,
                             is_old, newest_year, old_data_text, percent, unjudged)

__all__ = ["OLD_DATA_YEARS", "THRESHOLD_TEXT", "coverage_below_full", "coverage_cell", "coverage_sentence", "is_old",
           "newest_year", "old_data_text", "percent", "unjudged"]
