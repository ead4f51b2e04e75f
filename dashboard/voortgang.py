"""Voortgang sinds de nulmeting, a section of the *Opgaven* page: per region and goal what moved.

The tables come from :mod:`monitor.plan.nulmeting` (the frozen baseline in ``data/nulmeting/``, or a
*voorlopige nulmeting* computed now when none is frozen), made once per monitor and baseline file.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import state
from dashboard.plain import md
from dashboard.shared import per_monitor
from monitor import wording
from monitor.catalogue import GOALS
from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT
from monitor.data import Monitor
from monitor.errors import MonitorError
from monitor.plan import nulmeting

LABELS = nulmeting.PROGRESS_LABELS
COUNT_COLUMNS = {"kloof_kleiner": "Kloof kleiner", "kloof_groter": "Kloof groter",
                 "kloof_overgestoken": "Nederland gepasseerd", "binnen_marge": "Binnen de marge"}
OTHER = "Geen oordeel of nog geen nieuwer cijfer"


def _frozen_key() -> tuple:
    """Changes when the frozen baseline is written, so that cached tables and documents follow it."""
    try:
        stat = (Path(nulmeting.FROZEN_DIR) / nulmeting.META_FILE).stat()
    except OSError:
        return ()
    return (stat.st_mtime_ns, stat.st_size)


@per_monitor(max_entries=4)
def _tables(monitor: Monitor, frozen: tuple) -> tuple[pd.DataFrame, dict, pd.DataFrame, dict[str, bytes]]:
    baseline, info = nulmeting.current_baseline(monitor)
    progress = nulmeting.voortgang(monitor, baseline)
    files = {nulmeting.NULMETING_FILE: nulmeting.baseline_csv_bytes(baseline),
             nulmeting.VOORTGANG_FILE: nulmeting.baseline_csv_bytes(progress)}
    return baseline, info, progress, files


def tables(monitor: Monitor) -> tuple[pd.DataFrame, dict, pd.DataFrame, dict[str, bytes]]:
    """(nulmeting, its info, voortgang, the two CSV files) of the current data, shared by all sessions."""
    return _tables(monitor, _frozen_key())


@per_monitor(max_entries=64)
def _region_tables(monitor: Monitor, frozen: tuple, region_id: str) -> dict[int, pd.DataFrame]:
    progress = _tables(monitor, frozen)[2]
    return {goal: region_table(monitor, progress, region_id, goal) for goal in GOALS}


@per_monitor(max_entries=4)
def _overview(monitor: Monitor, frozen: tuple) -> pd.DataFrame:
    return overview(monitor, _tables(monitor, frozen)[2])


def overview(monitor: Monitor, progress: pd.DataFrame) -> pd.DataFrame:
    """Per region: how many kernset indicators moved how since the baseline."""
    rows = []
    for region_id in monitor.regions.ids():
        counts = progress.loc[progress["regio"] == region_id, "oordeel"].value_counts()
        row = {"Regio": monitor.regions.name(region_id)}
        row.update({label: int(counts.get(key, 0)) for key, label in COUNT_COLUMNS.items()})
        row[OTHER] = int(counts.drop(list(COUNT_COLUMNS), errors="ignore").sum())
        rows.append(row)
    return pd.DataFrame(rows)


def region_table(monitor: Monitor, progress: pd.DataFrame, region_id: str, goal: int) -> pd.DataFrame:
    """One region's kernset indicators of one goal: baseline, now, changes, gaps and the verdict."""
    part = progress[progress["regio"] == region_id]
    rows = []
    for r in part.itertuples():
        ind = monitor.indicator(r.indicator)
        if ind.goal != goal:
            continue
        good = nulmeting.favourable(ind.direction, r.kloof_nulmeting, r.kloof_nu)
        moved = r.oordeel in nulmeting.MOVED
        rows.append({
            "Indicator": ind.title,
            "Nulmeting": wording.DASH if pd.isna(r.jaar_nulmeting) else
            f"{wording.value(ind, r.waarde_nulmeting)} ({int(r.jaar_nulmeting)})",
            "Nu": wording.DASH if pd.isna(r.jaar_nu) else f"{wording.value(ind, r.waarde_nu)} ({int(r.jaar_nu)})",
            "Verandering regio": wording.difference(ind, r.verandering),
            "Verandering Nederland": wording.difference(ind, r.verandering_nederland),
            "Kloof toen": wording.difference(ind, r.kloof_nulmeting),
            "Kloof nu": wording.difference(ind, r.kloof_nu),
            "Voortgang": LABELS[r.oordeel],
            "Voor de regio": {True: "gunstig", False: "ongunstig"}.get(good, wording.DASH) if moved else wording.DASH,
        })
    return pd.DataFrame(rows)


def section(monitor: Monitor, region_id: str) -> None:
    """Draw the section: the baseline's status, all regions' counts, the region per goal, downloads."""
    st.header("Voortgang sinds de nulmeting")
    frozen = _frozen_key()
    try:
        _baseline, info, _progress, files = _tables(monitor, frozen)
    except MonitorError as exc:
        state.show_error(exc)
        return
    if info.get("voorlopig"):
        st.info(f"{md(nulmeting.describe(info))} Vastleggen: python -m monitor nulmeting --freeze.")
    else:
        st.caption(md(nulmeting.describe(info)))
    st.caption("Per regio en indicator van de kernset: het nieuwste cijfer nu tegen de nulmeting. De kloof met "
               "Nederland heet kleiner of groter alleen als het verschil met Nederland meer veranderde dan de marge "
               f"van de indicator en beide cijfers op minstens {wording.percent(MIN_COVERAGE_FOR_VERDICT)} van de "
               "inwoners berusten.")
    st.dataframe(_overview(monitor, frozen), hide_index=True, width="stretch")
    name = monitor.regions.name(region_id)
    st.subheader(f"{md(name)}: wat bewoog er sinds de nulmeting?")
    per_goal = _region_tables(monitor, frozen, region_id)
    for goal, title in GOALS.items():
        table = per_goal[goal]
        if table.empty:
            continue
        st.markdown(f"**{goal}. {md(title)}**")
        st.dataframe(table, hide_index=True, width="stretch")
    state.source_line(monitor, "verschil met Nederland in hetzelfde jaar; kernset: "
                               + nulmeting.kernset_source(monitor.catalogue))
    for column, (name, data) in zip(st.columns(len(files)), files.items()):
        column.download_button(name, data=data, file_name=name, mime="text/csv", key=f"download_{name}",
                               width="stretch")
