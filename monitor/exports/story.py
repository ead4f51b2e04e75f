"""The NPVR story's export files in their exact layout: four CSV files and the workbook's sheets.

Column names are fixed (researchers script against them); see README.md. The tables come from
:func:`monitor.story.gather.story_for`.
"""

from __future__ import annotations

import pandas as pd

from ..story import forecast, peers, stacking, trends
from ..story.gather import Story, all_trends
from .cells import escape_frame

STORY_FILES = ("stapeling.csv", "trends.csv", "peers.csv", "prognose.csv")
SHEETS = {"stapeling.csv": "Stapeling", "trends.csv": "Trends", "peers.csv": "Peers", "prognose.csv": "Prognose"}


def export_tables(story: Story) -> dict[str, pd.DataFrame]:
    """The four export files in their exact layout: ``{file name: table}``."""
    prognose = story.forecast.reindex(columns=forecast.FORECAST_COLUMNS)
    if len(prognose):
        prognose = prognose.assign(jaar=prognose["jaar"].astype("int64"),
                                   bevolking=prognose["bevolking"].round(0).astype("int64"))
    return {
        "stapeling.csv": story.stacking[stacking.STACKING_COLUMNS],
        "trends.csv": all_trends(story)[trends.TRENDS_COLUMNS],
        "peers.csv": story.peers[peers.PEERS_COLUMNS],
        "prognose.csv": prognose,
    }


def excel_sheets(story: Story) -> dict[str, pd.DataFrame]:
    """Sheets for the Excel file: the four export tables (trends with its uncertainty and reasons),
    the per-indicator stacking with standardised scores, and how the forecast areas match."""
    tables = export_tables(story)
    sheets = {SHEETS[name]: table for name, table in tables.items()}
    sheets["Trends"] = all_trends(story)
    sheets["Stapeling per indicator"] = story.stacking_detail.rename(columns={
        "code": "regio", "year": "jaar", "value": "waarde", "nl_value": "nl_waarde", "diff": "verschil",
        "verdict": "oordeel", "dataset": "bron"})
    matches = pd.concat([story.forecast_matches, story.old_matches], ignore_index=True)
    if len(matches):
        matches["prognose"] = matches["prognose"].map(forecast.SOURCE_LABELS)
    sheets["Prognose-dekking"] = matches
    return sheets


def csv_bytes(table: pd.DataFrame) -> bytes:
    """A story table as export CSV: UTF-8, comma, decimal point, formula-like text escaped."""
    return escape_frame(table).to_csv(index=False).encode("utf-8")


