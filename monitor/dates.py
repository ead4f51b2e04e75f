"""Dates as people in the Netherlands write them (``7 december 2026``): one place for the app, the PDF, the
workbook, the slides and the command line's messages.

A module of its own, without pandas, so that the snapshot's messages can use it without making the
monitor's wording part of what decides a build (:func:`monitor.compute.build.build_modules`).
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def dutch_date(day: dt.date | str) -> str:
    """A date as the app, the PDF, the workbook and the slides show it: ``7 december 2026``.

    Parameters
    ----------
    day
        A date (or datetime), or an ISO date string such as a snapshot's ``built`` (``"2026-12-07"``); a
        string that is not an ISO date (``"onbekend"``) is returned unchanged.

    Returns
    -------
    str
        Day without a leading zero, the month written out, the year. The researchers' CSV columns
        (``vastgelegd``, ``snapshot_datum``) keep ISO dates.
    """
    if isinstance(day, str):
        try:
            day = dt.date.fromisoformat(day.strip()[:10])
        except ValueError:
            return day
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
