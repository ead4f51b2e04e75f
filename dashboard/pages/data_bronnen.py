"""Data en bronnen: the table behind the current view, downloads, definitions and licence."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import opening, state
from dashboard.plain import md
from monitor.exports import writer as export
from monitor import wording
from monitor.exports.cells import csv_bytes
from monitor.exports.writer import excel_csv
from monitor.data import Monitor
from monitor.levels import DISPLAY_ORDER
from monitor.regions import CONFIDENCE_NL

DOWNLOADS = [
    ("indicatoren_excel.csv", "CSV voor Excel (alle indicatoren)", "text/csv"),
    ("indicatoren.csv", "CSV voor scripts (alle indicatoren)", "text/csv"),
    ("indicatoren.xlsx", "Excel (met definities en bronnen)",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("gemeenten.gpkg", "GeoPackage gemeenten", "application/geopackage+sqlite3"),
    ("regios.gpkg", "GeoPackage regio's", "application/geopackage+sqlite3"),
]


@st.cache_data(show_spinner="Bestand maken…", max_entries=8)
def export_file(fingerprint: str, name: str) -> bytes:
    """One export file made by ``monitor.exports.writer`` (cached per snapshot)."""
    with tempfile.TemporaryDirectory() as folder:
        written = export.export(state.get_monitor(), folder, formats=(name,))
        return Path(written[0]).read_bytes()


def missing_rows(monitor: Monitor, indicator_id: str, year: int) -> pd.DataFrame:
    """The areas without a value for this indicator and year, with the reason (incl. values refused as out of range)."""
    rows = monitor.table(indicator_id, year)
    rows = rows[rows["value"].isna()]
    rows = rows.sort_values(["level", "name"], key=lambda s: s.map(DISPLAY_ORDER) if s.name == "level" else s)
    return pd.DataFrame({"niveau": rows["level"].astype(str).to_numpy(), "code": rows["code"].astype(str).to_numpy(),
                         "naam": rows["name"].astype(str).to_numpy(),
                         "reden": rows["reason"].fillna(wording.NO_REASON).astype(str).to_numpy()})


def view_table(monitor: Monitor, indicator_id: str, year: int) -> pd.DataFrame:
    """The researchers' table (``monitor.exports.writer.long_table``) for one indicator and year."""
    table = _long_table(monitor.fingerprint)
    part = table[(table["indicator"] == indicator_id) & (table["jaar"] == year)]
    return part.sort_values(["niveau", "naam"], key=lambda s: s.map(DISPLAY_ORDER) if s.name == "niveau" else s)


# Shared, not copied: st.cache_data would unpickle the whole long table on every rerun of every viewer.
@st.cache_resource(show_spinner=False, max_entries=1)
def _long_table(fingerprint: str) -> pd.DataFrame:
    return export.long_table(state.get_monitor())


@st.cache_data(show_spinner=False, max_entries=1)
def _definitions(fingerprint: str) -> pd.DataFrame:
    return export.definitions_table(state.get_monitor())


def render() -> None:
    """Draw the page."""
    page = opening.start(uses=("indicator", "year"))
    monitor, indicator = page.monitor, page.indicator
    fingerprint = monitor.fingerprint
    st.title("Data en bronnen")
    st.markdown("**Bron: CBS, CC BY 4.0** · gemeentegrenzen: **CBS/Kadaster** · " + md(monitor.vintage))

    st.header("Tabel bij de huidige keuze")
    year = opening.indicator_year(page, heading=False)
    if year is not None:
        table = view_table(monitor, indicator.id, year)
        st.caption(f"{md(indicator.title)}, {year}: Nederland, NPVR samen en overig Nederland, de regio's, "
                   f"de COROP-gebieden en alle gemeenten ({len(table)} rijen).")
        opening.old_data_note(monitor, indicator.id, year)
        st.dataframe(table, hide_index=True, width="stretch", height=420)
        left, right = st.columns(2)
        left.download_button("Download deze tabel (CSV voor Excel)", data=excel_csv(monitor, table),
                             file_name=f"{indicator.id}_{year}_excel.csv", mime="text/csv", key="download_view_excel",
                             help="Puntkomma en decimale komma: opent in Excel met Nederlandse instellingen.")
        right.download_button("Download deze tabel (CSV voor scripts)", data=csv_bytes(table),
                              file_name=f"{indicator.id}_{year}.csv", mime="text/csv", key="download_view",
                              help="Komma en decimale punt, volle precisie: voor Python, R en dergelijke.")
        state.source_line(monitor)
        gaps = missing_rows(monitor, indicator.id, year)
        st.subheader(f"Niet gepubliceerd of ontbrekend ({len(gaps)})")
        if gaps.empty:
            st.caption("Alle gebieden hebben voor deze keuze een waarde.")
        else:
            st.caption("Waarom een gebied geen waarde heeft: ontbrekend in de bron, te weinig dekking, of een "
                       "bronwaarde buiten het geldige bereik van de indicator (die publiceren we niet).")
            st.dataframe(gaps, hide_index=True, width="stretch")

    st.header("Downloads")
    st.caption("Dezelfde bestanden als `python -m monitor export`; een bestand wordt gemaakt zodra u klikt. "
               "Welk bestand waarvoor: "
               + "; ".join(f"**{md(name)}**: {md(export.FILE_PURPOSES[name])}" for name, _, _ in DOWNLOADS) + ".")
    columns = st.columns(len(DOWNLOADS))
    for column, (name, label, mime) in zip(columns, DOWNLOADS):
        column.download_button(label, data=lambda n=name: export_file(fingerprint, n), file_name=name, mime=mime,
                               key=f"download_{name}", width="stretch")

    st.header("Indicatoren")
    st.caption("Definitie, eenheid, bron, beschikbare jaren, rekenregel en of het landelijke cijfer van CBS "
               "komt of berekend is.")
    st.dataframe(_definitions(fingerprint), hide_index=True, width="stretch", height=420)

    st.header("Regio-indeling")
    comp = export.composition_table(monitor)
    st.dataframe(comp, hide_index=True, width="stretch", height=420)
    doubtful = comp[comp["zekerheid"] != CONFIDENCE_NL["high"]]
    if len(doubtful):
        st.markdown("**Onzekerheden in de indeling**")
        for r in doubtful.itertuples():
            st.markdown(f"- {md(r.gemeente)} ({md(r.regionaam)}): zekerheid {md(r.zekerheid)}. {md(r.bron)}")

    st.header("Bronnen en licentie")
    sources = export.sources_table(monitor)
    st.dataframe(sources.drop(columns="toelichting_snapshot_engels"), hide_index=True, width="stretch",
                 column_config={"titel": st.column_config.TextColumn("titel", width=260),
                                "toelichting": st.column_config.TextColumn("toelichting", width=520)})
    with st.expander("Oorspronkelijke toelichting bij elke dataset (Engelse tekst van de snapshot)"):
        st.caption("De toelichting hierboven is een korte Nederlandse samenvatting; dit is de volledige tekst "
                   "uit de snapshot (datasets.csv), onvertaald.")
        st.dataframe(sources[["dataset", "toelichting_snapshot_engels"]].dropna(), hide_index=True,
                     width="stretch")
    st.markdown("Bron: CBS, CC BY 4.0. Gemeentegrenzen: CBS/Kadaster. Grensvergelijking (Over de grens): Bron: Eurostat.")
    state.source_line(monitor)


if __name__ == "__main__":
    render()
