"""Exports for researchers: CSV, Excel, Parquet and GeoPackages, with sources and licence."""

from __future__ import annotations

import functools
import io
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..catalogue import dataset_notes
from ..compute.aggregate import MEAN_RULES
from ..compute.value_table import text_is
from ..output.atomic import write_into_folder
from ..output.background import Handover
from .cells import (EXCEL_DECIMALS, TRIGGERS, StandInError, escape_cell, escape_frame, escaped_arrow_columns,
                    excel_csv_bytes, write_excel_csv, write_excel_csv_arrow)
from ..data import Monitor, NL_SOURCE_LABELS
from ..errors import UnknownKeyError
from .excel import by_year, new_workbook, save_workbook, write_sheet
from .licence import ATTRIBUTION, BOUNDARY_ATTRIBUTION, LICENCE
from ..levels import PLURALS
from ..output.outfolder import OutFolderError, prepare_out_folder
from ..plan import nulmeting
from .long_form import long_arrow_table
from .comparison import COMPARISON_SHEET, comparison_table, write_comparison_csv
from ..story.gather import story_for
from ..border.gather import border_for
from .story import STORY_FILES, csv_bytes, excel_sheets, export_tables
from .. import wording
from ..dates import dutch_date
from .border import GRENS_FILE, grens_bytes, grens_sheets
from ..wording import direction

CSV_COLUMNS = ["indicator", "niveau", "code", "naam", "jaar", "waarde", "eenheid", "bron",
               "dekking", "landelijk_cijfer", "opmerking", "ondergrens_95", "bovengrens_95"]
"""``indicatoren.csv``: the first eight columns as before (scripts keep working), then the covered
share (0-1; for area indicators of the land area), how Nederland's figure of that indicator and year
was made (CBS's own or computed from the gemeenten like the regions), the note, and the 95 % interval
where CBS publishes bounds (:mod:`monitor.compute.uncertainty`; empty elsewhere)."""
NUMERIC_CSV_COLUMNS = ("jaar", "waarde", "dekking", "ondergrens_95", "bovengrens_95")
LEVEL_SHEETS = PLURALS
"""Level -> Excel sheet name (:data:`monitor.levels.PLURALS`)."""
FILES = ("indicatoren.csv", "indicatoren.xlsx", "indicatoren.parquet", "gemeenten.gpkg", "regios.gpkg",
         "vergelijking.csv", "stapeling.csv", "trends.csv", "peers.csv", "prognose.csv", "nulmeting.csv",
         "voortgang.csv", "voortgang_regios.docx", "voortgang_regios.pdf", "indicatoren_excel.csv",
         "vergelijking_excel.csv", "grens.csv")
FILE_PURPOSES = {
    "indicatoren.csv": "alle cijfers, lang formaat, voor scripts (komma, decimale punt, volle precisie, UTF-8)",
    "indicatoren_excel.csv": "dezelfde cijfers voor Excel met Nederlandse instellingen (puntkomma, decimale komma, "
                             "afgerond op één decimaal meer dan de monitor toont)",
    "indicatoren.xlsx": "werkmap: per niveau gebieden × jaren met eenheid, definities, bronnen, indeling, ontbrekend",
    "indicatoren.parquet": "alle cijfers voor pandas/R/DuckDB, met typen",
    "vergelijking.csv": "regio's tegen Nederland (verschil, index, oordeel, rang, dekking), voor scripts",
    "vergelijking_excel.csv": "dezelfde vergelijking voor Excel met Nederlandse instellingen",
    "gemeenten.gpkg": "gemeentegrenzen met de laatste cijfers, voor GIS",
    "regios.gpkg": "regiogrenzen met de laatste cijfers, voor GIS",
    "stapeling.csv": "NPVR-verhaal: opgaven per regio en thema",
    "trends.csv": "NPVR-verhaal: kloof met Nederland door de tijd",
    "peers.csv": "NPVR-verhaal: vergelijkbare COROP-gebieden",
    "prognose.csv": "NPVR-verhaal: bevolkingsprognose",
    "grens.csv": "over de grens: de grensregio's naast hun Belgische en Duitse buren en de drie landen (Eurostat)",
    "nulmeting.csv": "nulmeting per regio en kernsetindicator (het vertrekpunt van de voortgang)",
    "voortgang.csv": "voortgang per regio en kernsetindicator sinds de nulmeting",
    "voortgang_regios.docx": "overzicht voor de voortgangsbrief: alle regio's, één pagina per regio (Word)",
    "voortgang_regios.pdf": "hetzelfde overzicht voor de voortgangsbrief als PDF",
}
"""What each export file is for (CLI help, the app's Data en bronnen)."""
FORMULA_PREFIXES = TRIGGERS
escape_formula = escape_cell
"""Kept for callers of the old name: the one escaping rule is :func:`monitor.exports.cells.escape_cell`."""


def source_labels(monitor: Monitor) -> dict[str, str]:
    """``{dataset id: "CBS <table> (<title>)"}`` for every dataset of the snapshot."""
    info = monitor.snapshot.datasets
    return {row.dataset: f"CBS {dutch_note(row.cbs_table)} ({row.title_nl})" for row in info.itertuples()}


def long_table(monitor: Monitor) -> pd.DataFrame:
    """The values in the researchers' layout (Dutch column names), one row per known value.

    Columns: ``indicator, niveau, code, naam, jaar, waarde, eenheid, bron`` followed by
    ``titel, nl_waarde, verschil, index, oordeel, rang, dekking, ondergrens_95, bovengrens_95,
    landelijk_cijfer, opmerking`` (e.g. that a weight of another year was used, or how the national
    median was made); ``landelijk_cijfer`` says for every row how Nederland's figure of that indicator
    and year was made. ``ondergrens_95``/``bovengrens_95``: CBS's 95 % bounds or the interval computed
    from them (:mod:`monitor.compute.uncertainty`), empty where CBS publishes none.

    The frame of :func:`long_arrow` (which the export writes), converted.
    """
    return long_arrow(monitor).to_pandas()


def long_arrow(monitor: Monitor):
    """:func:`long_table` as a pyarrow Table (:func:`monitor.exports.long_form.long_arrow_table`)."""
    return long_arrow_table(monitor, source_labels(monitor))


def definitions_table(monitor: Monitor) -> pd.DataFrame:
    """One row per indicator: definition, unit, direction, goal, rule, years and sources."""
    labels = source_labels(monitor)
    known = monitor.values[monitor.values["value"].notna()]
    years_of, nl_of = {}, {}
    for ind_id, year in known[["indicator", "year"]].drop_duplicates().itertuples(index=False):
        years_of.setdefault(ind_id, []).append(int(year))
    national = known[text_is(known["level"], "nederland")]
    for ind_id, year, source in zip(national["indicator"], national["year"], national["nl_source"]):
        nl_of.setdefault(ind_id, []).append(f"{int(year)}: {NL_SOURCE_LABELS.get(source, source)}")
    rows = []
    for ind in monitor.catalogue.indicators:
        years = sorted(years_of.get(ind.id, []))
        rows.append({
            "indicator": ind.id, "titel": ind.title, "omschrijving": ind.description, "eenheid": ind.unit,
            "richting": direction(ind),
            "richting_toelichting": ind.direction_reason,
            "geldig_bereik": ind.range_text,
            "reeksbreuken": "; ".join(b.text for b in ind.breaks),
            "thema": monitor.catalogue.theme_title(ind.theme), "npvr_doel": f"{ind.goal}. {ind.goal_text}",
            "aggregatie": ind.aggregation_text, "marge_gelijk": ind.tolerance,
            "minimale_dekking": ind.min_coverage if ind.aggregation in MEAN_RULES else None,
            "jaren": ", ".join(str(y) for y in years),
            "bronnen": "; ".join(labels.get(d, d) for d in ind.datasets()) or f"afgeleid van {ind.change.of}",
            "landelijk_cijfer": "; ".join(nl_of.get(ind.id, [])),
            "toelichting": ind.note or "",
        })
    return pd.DataFrame(rows)


RULES = [
    ("Bron", ("Alle cijfers komen van CBS (CC BY 4.0; gemeentegrenzen CBS/Kadaster). Een ontbrekend cijfer is "
              "leeg, met de reden in het blad Ontbrekend; het wordt nooit 0 of bijgeschat.")),
    ("Gemeente", ("Per gemeente het cijfer dat CBS publiceert. Waar CBS voor een gemeente geen cijfer publiceert "
                  "(kleine aantallen, bijvoorbeeld misdrijven per 1 000 inwoners van Vlieland), is er geen cijfer: "
                  "een cijfer uit afgeronde aantallen is geen cijfer van CBS. Waarden buiten het geldige bereik en "
                  "invulwaarden van een bron (fijnstof op de Waddeneilanden: precies 100 of 200 kg/km²) worden niet "
                  "gepubliceerd.")),
    ("Regio, COROP, programma", ("Opgeteld uit de gemeenten (indeling 2025): aantallen opgeteld, verhoudingen als "
                                 "opgetelde tellers gedeeld door opgetelde noemers, gemiddelden gewogen naar "
                                 "inwoners. Werkloosheid en nettoarbeidsparticipatie (CBS 86088NED): het naar de "
                                 "beroepsbevolking resp. de bevolking van 15-75 jaar gewogen gemiddelde van de "
                                 "gemeentepercentages van CBS, omdat CBS de aantallen op duizendtallen afrondt.")),
    ("Oppervlakte", ("Aandelen van de oppervlakte en uitstoot per km² zijn per km² land (zonder water) en gewogen "
                     "naar de landoppervlakte (OppervlakteLand_123); de dekking is dan het deel van het land.")),
    ("Nederland", ("Het cijfer van CBS zelf waar de bron een landelijke rij heeft (nl_bron CBS), anders op dezelfde "
                   "manier berekend als de regio's (berekend). Ook berekend - met het cijfer van CBS in de opmerking - "
                   "bij medianen en waar CBS het landelijke cijfer afrondt op een stap die niet kleiner is dan de "
                   "marge voor 'gelijk' (nabijheid 80305NED: 0,1 km), zodat gelijk met gelijk wordt vergeleken.")),
    ("Dekking", ("Bij gemiddelden het deel van de inwoners (bij oppervlakte-indicatoren: van het land) van de "
                 "gemeenten met een waarde. Onder de minimale dekking geen waarde; onder 80% geen oordeel, geen "
                 "rang, geen z-score of percentiel en geen trendoordeel.")),
    ("Oordeel", ("Gunstiger of ongunstiger dan Nederland als het verschil groter is dan de marge voor 'gelijk'; "
                 "hoger/lager bij neutrale indicatoren; geen oordeel bij aantallen.")),
    ("95%-marge", ("Alleen waar CBS 95%-grenzen publiceert (Gezondheidsmonitor 2022): de gemeente en Nederland "
                   "met de grenzen van CBS; regio, COROP en programma met een marge uit die van hun gemeenten "
                   "(standaardfout van het gewogen gemiddelde, de schattingen per gemeente benaderd als "
                   "onafhankelijk: de werkelijke marge is iets breder). Gunstiger of ongunstiger alleen als de "
                   "marge het cijfer van Nederland niet raakt, anders 'gelijk (binnen de marge)'. Geen marge "
                   "waar CBS geen grenzen publiceert (2016, 2020); er wordt er nooit een bijgeschat.")),
    ("Index", ("100 × regio / Nederland; niet bij saldi en veranderingen (index: false in de catalogus), waar het "
               "landelijke cijfer bijna 0 kan zijn of van teken kan wisselen.")),
    ("Kernset en stapeling", ("De stapeling (stapeling.csv, heatmap, dia, tellingen in het Regioprofiel en de PDF) "
                              "telt de kernset: per thema een paar indicatoren die iets anders meten, zodat "
                              "dichtheid of leeftijdsopbouw niet tientallen keren meetelt. Alle indicatoren staan "
                              "als detail in 'Stapeling per indicator'.")),
    ("Trends", ("Theil-Sen-helling van het verschil met Nederland (minstens 5 jaar, na de laatste reeksbreuk). "
                "Oordeel: stabiel, naar Nederland toe, van Nederland af, kruist (de regio passeert Nederland) of "
                "onbepaald (ook als een jaar onder 80% dekking ligt). Kolom ontwikkeling: gunstig of ongunstig "
                "voor de regio, volgens de richting van de indicator.")),
    ("Vergelijkbare regio's", ("COROP-gebieden met minder dan 25% van hun inwoners in NPVR-gemeenten en zonder "
                               "gemeenten van de regio zelf; euclidische afstand tussen z-scores (gemiddelde en "
                               "populatiestandaardafwijking, ddof = 0, van de 40 COROP-gebieden), alle kenmerken "
                               "in één peiljaar.")),
    ("Prognose", ("Som van prognosegebieden alleen als die samen minstens 95% van de inwoners van de regio hebben "
                  "(methode som); anders een schatting uit de COROP-prognose met het aandeel van de regio in de "
                  "COROP-bevolking constant (methode schatting: ... met aandelen); anders geen cijfer.")),
    ("Over de grens", ("grens.csv en de bladen Grens en Grens-CBS: de acht grensregio's naast hun Belgische en Duitse "
                       "buurgebieden en de drie landen, met cijfers van Eurostat (NUTS 2021, nama_10r_3gdp en "
                       "demo_r_pjanaggr3), nooit gemengd met die van CBS. Niveaus tussen landen in "
                       "koopkrachtstandaarden (PPS), euro ernaast; index_land = 100 × gebied / eigen land in hetzelfde "
                       "jaar en dezelfde eenheid. Vlag: voorlopig, geschat, breuk in reeks (Eurostat), 'geen cijfer' "
                       "voor een jaar zonder cijfer (nooit bijgeschat). Een benaderend gebied (Achterhoek, Regio Emmen, "
                       "Noord- en Oost-Groningen) staat onder zijn eigen naam, met relatie 'eigen gebied (benadering)'.")),
    ("Niet gepubliceerd", ("Bronmaten met onmogelijke waarden (o.a. ondervonden delicten, boven 100 per 100 "
                           "inwoners) staan met reden in indicators/unpublished.yaml.")),
    ("Kolommen", ("indicatoren.csv: indicator, niveau, code, naam, jaar, waarde, eenheid, bron, dekking, "
                  "landelijk_cijfer (hoe het cijfer van Nederland is gemaakt), opmerking, ondergrens_95, "
                  "bovengrens_95 (de 95%-marge). vergelijking.csv: ... dekking, eenheid, naam, ondergrens_95, "
                  "bovengrens_95. trends.csv: ... oordeel, ontwikkeling. prognose.csv: ... dekking, methode.")),
]
"""The rules of the published figures, in Dutch: the workbook's sheet :data:`RULES_SHEET`."""
RULES_SHEET = "Leesmij"


def rules_table() -> pd.DataFrame:
    """The rules behind every published figure (:data:`RULES`) as a table ``onderwerp``, ``regel``."""
    return pd.DataFrame(RULES, columns=["onderwerp", "regel"])


DUTCH_WORDS = (("English edition of", "Engelstalige uitgave van"),
               ("realised only; NL has no budget figure for the type",
                "alleen gerealiseerd; NL heeft geen begrotingscijfer voor het type"),
               ("of the first year of the school year", "van het eerste jaar van het schooljaar"),
               ("and", "en"),
               ("yes", "ja"), ("no", "nee"), ("of each year", "van elk jaar"), ("for all years", "voor alle jaren"),
               ("none", "geen"), ("of the", "van de"), ("gemeenten with", "gemeenten met"),
               ("inhabitants", "inwoners"), ("COROP regions", "COROP-gebieden"), ("regions", "gebieden"),
               ("written as", "geschreven als"),
               ("in source", "in de bron"), ("sum of gemeenten equals the national total",
                                            "som van de gemeenten is het landelijke totaal"),
               ("lost to the row cut", "weggevallen door de afkapping van de rijen"), ("all years", "alle jaren"),
               ("of", "van"))


def dutch_note(text):
    """The snapshot's short yes/no and division notes in Dutch ("yes" → "ja", "of each year" → "van elk jaar").

    Longer notes are the snapshot's own documentation (in English); they are passed on as they are,
    in a column that says so.
    """
    if not isinstance(text, str):
        return text
    import re

    for english, dutch in DUTCH_WORDS:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(english.strip())}(?![A-Za-z])", dutch.strip(), text)
    return text


REGION_SOURCE_WORDS = (("NPVR scope unconfirmed", "NPVR-afbakening niet bevestigd"),
                       ("NPVR name only", "alleen de naam in het NPVR"), ("candidate", "kandidaat"),
                       ("ex-Menterwolde only", "alleen ex-Menterwolde"), ("dropped from", "niet meer in"),
                       ("8th", "8e"), ("6th tranche", "6e tranche"), ("brief:", "Kamerbrief:"))


def dutch_source(text):
    """The region table's source notes with their few English words in Dutch ("candidate" → "kandidaat")."""
    if not isinstance(text, str):
        return text
    import re

    for english, dutch in REGION_SOURCE_WORDS:
        text = re.sub(rf"(?<![A-Za-z]){re.escape(english)}(?![A-Za-z])", dutch, text)
    return text


def sources_table(monitor: Monitor) -> pd.DataFrame:
    """The snapshot's datasets with licence and attribution, plus the boundaries.

    ``toelichting`` is the short Dutch note per dataset (``indicators/dataset_notes.yaml``), beside the title;
    the snapshot's own English note stays in the last column, ``toelichting_snapshot_engels``.
    """
    info = monitor.snapshot.datasets
    out = pd.DataFrame({
        "dataset": info["dataset"], "titel": info["title_nl"],
        "toelichting": info["dataset"].map(dataset_notes()).fillna(""), "uitgever": info["publisher"],
        "cbs_tabel": info["cbs_table"].map(dutch_note), "perioden": info["periods"], "peildatum": info["reference_date"],
        "gemeentelijke_indeling": info["gemeente_indeling"].map(dutch_note),
        "landelijk_cijfer": info["national_row"].map(dutch_note),
        "licentie": info["license"], "toelichting_snapshot_engels": info["notes"],
    })
    extra = pd.DataFrame([
        {"dataset": "gemeentegrenzen", "titel": BOUNDARY_ATTRIBUTION, "uitgever": "CBS / Kadaster", "licentie": LICENCE},
        {"dataset": "bronvermelding",
         "titel": f"{ATTRIBUTION}. Licentie {LICENCE}. Snapshot van {wording.date(monitor.snapshot.built)}.",
         "licentie": LICENCE},
    ])
    return pd.concat([out, extra, eurostat_sources()], ignore_index=True)


def eurostat_sources() -> pd.DataFrame:
    """The Eurostat tables of *Over de grens* (``grens.csv``): code, title, update date, reuse terms."""
    from ..ingest.eurostat import load_eurostat_register

    register = load_eurostat_register()
    return pd.DataFrame([{"dataset": t.dataset, "titel": f"{t.title_nl} ({t.label}; NUTS 2021; alleen grens.csv en "
                                                          "Over de grens)",
                          "uitgever": "Eurostat", "cbs_tabel": "", "licentie": register.licence,
                          "toelichting": f"{register.citation} ({t.code}), bijgewerkt {dutch_date(t.last_update)}; "
                                         "in de snapshot als uittreksel: waarden ongewijzigd, vlaggen apart; "
                                         f"openbare download: {t.url}"}
                         for t in register.tables.values()])


def composition_table(monitor: Monitor) -> pd.DataFrame:
    """The region composition with confidence (in Dutch: hoog/middel/laag) and source per gemeente."""
    from ..regions import CONFIDENCE_NL

    table = monitor.regions.table.assign(confidence=lambda t: t["confidence"].map(CONFIDENCE_NL),
                                         source=lambda t: t["source"].map(dutch_source))
    return table.rename(columns={"region_id": "regio", "region_name": "regionaam", "gemeente_code": "code",
                                 "gemeente_name": "gemeente", "province": "provincie",
                                 "confidence": "zekerheid", "source": "bron"})


def missing_table(monitor: Monitor) -> pd.DataFrame:
    """Every missing value with its reason, so that absence is explained, not silent.

    One row per indicator, level, year and reason, with the number of areas and their codes.
    """
    rows = monitor.values[monitor.values["value"].isna()]
    keys = ["indicator", "level", "year", "reason"]
    grouped = rows.groupby(keys, observed=True, sort=False)["code"].agg(["size", lambda c: " ".join(sorted(c))])
    grouped.columns = ["aantal", "codes"]
    out = grouped.reset_index().rename(columns={"level": "niveau", "year": "jaar", "reason": "reden"})
    return out[["indicator", "niveau", "jaar", "reden", "aantal", "codes"]]


def latest_wide(monitor: Monitor, level: str) -> pd.DataFrame:
    """Per area the latest known value of every indicator: columns ``code``, then ``<id>`` and ``<id>_jaar``
    in catalogue order (the areas sorted by code; the years as numbers, float when any is missing, as a pivot
    gives them)."""
    rows = monitor.level_rows(level)
    # The newest year of each (area, indicator) as arrays: a sort, a groupby and two pivots cost 0.3 s.
    code, codes = pd.factorize(rows["code"], sort=True)
    indicator, indicators = pd.factorize(rows["indicator"], sort=True)
    years = rows["year"].to_numpy("int64")
    key = code.astype("int64") * len(indicators) + indicator
    order = np.lexsort((years, key))
    newest = order[np.r_[key[order][1:] != key[order][:-1], True]] if len(order) else order
    value_grid = np.full((len(codes), len(indicators)), np.nan)
    value_grid[code[newest], indicator[newest]] = rows["value"].to_numpy("float64")[newest]
    year_grid = np.full((len(codes), len(indicators)), np.nan)
    year_grid[code[newest], indicator[newest]] = years[newest]
    if not np.isnan(year_grid).any():
        year_grid = year_grid.astype("int64")
    columns = {"code": pd.Series(codes, dtype=rows["code"].dtype)}
    for ind_id in monitor.catalogue.ids():
        if ind_id in indicators:
            at = indicators.get_loc(ind_id)
            columns[ind_id], columns[f"{ind_id}_jaar"] = value_grid[:, at], year_grid[:, at]
    out = pd.DataFrame(columns)
    out.columns.name = "indicator"
    return out


def csv_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The CSV columns of ``table``, every text cell escaped (:func:`escape_frame`); a column the table
    lacks stays empty. What :func:`write_csv` and the Excel variant write."""
    return escape_frame(table.reindex(columns=CSV_COLUMNS))


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write the CSV columns of a frame (e.g. :func:`long_table`) as :func:`write_arrow_csv` does."""
    import pyarrow as pa

    frame = csv_frame(table).astype({c: "string" for c in CSV_COLUMNS if c not in NUMERIC_CSV_COLUMNS})
    write_arrow_csv(pa.Table.from_pandas(frame, preserve_index=False), path)


def write_parquet(table, path: Path) -> None:
    """A pyarrow Table with pandas metadata (:func:`long_arrow`) as Parquet: the bytes of
    ``DataFrame.to_parquet(path, index=False)`` of the frame it stands for."""
    import pyarrow.parquet as pq

    pq.write_table(table, path, compression="snappy")


def csv_arrow(table):
    """The CSV columns of a pyarrow Table (:func:`long_arrow`), the text columns as text, each text cell
    escaped (:func:`monitor.exports.cells.escaped_arrow_columns`): what :func:`write_csv` writes of the same
    table as a frame."""
    import pyarrow as pa

    escaped = escaped_arrow_columns(table, [n for n in CSV_COLUMNS if n not in NUMERIC_CSV_COLUMNS
                                            and n in table.column_names])
    columns = []
    for name in CSV_COLUMNS:
        text = name not in NUMERIC_CSV_COLUMNS
        if name in escaped:
            column = escaped[name]
        elif name in table.column_names:
            column = table.column(name)
        else:
            column = pa.nulls(table.num_rows, pa.string() if text else pa.float64())
        columns.append(column.cast(pa.string()) if text and column.type != pa.string() else column)
    return pa.table(columns, names=CSV_COLUMNS)


def write_arrow_csv(table, path: Path) -> None:
    """Write a pyarrow Table of the CSV columns (text columns as text): UTF-8, comma-separated, decimal
    point, every text quoted."""
    import pyarrow.csv as pacsv

    with open(path, "wb") as handle:
        # pyarrow quotes header names always; the researchers' header is written plain.
        handle.write((",".join(CSV_COLUMNS) + "\n").encode("utf-8"))
        pacsv.write_csv(table, handle, write_options=pacsv.WriteOptions(quoting_style="needed", include_header=False))


def excel_csv(monitor: Monitor, table: pd.DataFrame, escaped: bool = False) -> bytes:
    """``table`` (with an ``indicator`` column) for Dutch Excel, numbers to one decimal more than the
    indicator shows (:func:`monitor.exports.cells.excel_csv_bytes`; ``escaped``: its text cells are escaped)."""
    return excel_csv_bytes(table, _excel_decimals(monitor, table), escaped=escaped)


def write_excel_csv_file(monitor: Monitor, table, path: Path) -> None:
    """``indicatoren_excel.csv``: the CSV columns in Arrow (:func:`csv_arrow`) for Dutch Excel, numbers to
    one decimal more than the indicator shows (:func:`monitor.exports.cells.write_excel_csv_arrow`; where
    a text holds one of its stand-in characters, :func:`monitor.exports.cells.write_excel_csv` instead)."""
    places = _excel_places(monitor)
    indicators = table.column("indicator").combine_chunks().dictionary_encode()
    per_indicator = [places.get(i, EXCEL_DECIMALS) for i in indicators.dictionary.to_pylist()] + [EXCEL_DECIMALS]
    decimals = np.array(per_indicator, dtype="int64")[indicators.indices.fill_null(-1).to_numpy()]
    with open(path, "wb") as handle:
        try:
            write_excel_csv_arrow(table, handle, decimals)
        except StandInError:  # raised before anything was written
            write_excel_csv(table.to_pandas(), handle, decimals, escaped=True)


def _excel_places(monitor: Monitor) -> dict[str, int]:
    """The Excel variants' decimals per indicator: one more than the monitor shows."""
    return {i.id: i.decimals + 1 for i in monitor.catalogue.indicators}


def _excel_decimals(monitor: Monitor, table: pd.DataFrame) -> pd.Series:
    return table["indicator"].astype(object).map(_excel_places(monitor))


def year_rows(monitor: Monitor) -> pd.DataFrame:
    """The columns of :func:`long_table` that the by-year sheets read, straight from the values (the
    same rows in the same order, without the labels the long table works out)."""
    values = monitor.values
    known = values["value"].notna().to_numpy()  # the six columns taken from the arrays: no copy of the rest
    return pd.DataFrame({"indicator": values["indicator"].array[known], "niveau": values["level"].array[known],
                         "code": values["code"].array[known], "naam": values["name"].array[known],
                         "jaar": values["year"].to_numpy("int64")[known], "waarde": values["value"].to_numpy()[known]})


def year_sheet(monitor: Monitor, table: pd.DataFrame, level: str) -> pd.DataFrame:
    """A by-year sheet (:func:`monitor.exports.excel.by_year`) with the unit beside the indicator, so that
    a sheet read on its own still says what its numbers are."""
    frame = by_year(table, level)
    frame.insert(1, "eenheid", frame["indicator"].astype(object).map({i.id: i.unit for i in monitor.catalogue.indicators}))
    return frame


def write_xlsx(monitor: Monitor, table: pd.DataFrame, path: Path, extra_sheets=None) -> None:
    """The Excel workbook: the rules (:data:`RULES_SHEET`), a sheet per level (areas × years), definitions,
    sources, composition, gaps,
    then ``extra_sheets`` (``{name: table}``, e.g. the NPVR story of ``monitor.story``; or a callable
    giving them, called only when they are written).

    ``table`` is :func:`long_table` or :func:`year_rows`."""
    sheets = {RULES_SHEET: rules_table()}
    sheets.update({sheet: year_sheet(monitor, table, level) for level, sheet in LEVEL_SHEETS.items()})
    sheets.update({
        "Indicatoren": definitions_table(monitor),
        "Bronnen": sources_table(monitor),
        "Regio-indeling": composition_table(monitor),
        "Ontbrekend": missing_table(monitor),
    })
    sheets[COMPARISON_SHEET] = comparison_table(monitor)
    buffer = io.BytesIO()
    workbook = new_workbook(path, buffer)
    bold = workbook.add_format({"bold": True})
    for name, frame in sheets.items():
        write_sheet(workbook, name, escape_frame(frame), bold)
    for name, frame in ((extra_sheets() if callable(extra_sheets) else extra_sheets) or {}).items():
        write_sheet(workbook, name, escape_frame(frame), bold)
    save_workbook(workbook, buffer, path)


def write_geopackages(monitor: Monitor, gemeenten_path: Path, regios_path: Path) -> None:
    """Write the gemeenten and the NPVR regions with their latest values as GeoPackages (RD New).

    The areas are the map's (:func:`monitor.maps.geometry.area_geometry`, not simplified): the
    boundaries as delivered and the regions dissolved from them.
    """
    import geopandas as gpd

    from ..maps.geometry import area_geometry

    areas = area_geometry(monitor)
    bounds = gpd.GeoDataFrame({"gemeente_code": list(areas.codes), "gemeente_name": list(areas.names)},
                              geometry=list(areas.gemeenten), crs=areas.crs)
    gm = bounds.merge(latest_wide(monitor, "gemeente"), left_on="gemeente_code", right_on="code", how="left")
    gm["regio"] = list(areas.region_ids)
    gm.drop(columns=["code"]).to_file(gemeenten_path, layer="gemeenten", driver="GPKG")
    order = sorted(areas.regions)
    regions = gpd.GeoDataFrame({"regio": order}, geometry=[areas.regions[r] for r in order], crs=areas.crs)
    regions["regionaam"] = regions["regio"].map(areas.region_names)
    regions = regions.merge(latest_wide(monitor, "regio"), left_on="regio", right_on="code", how="left")
    regions.drop(columns=["code"]).to_file(regios_path, layer="regios", driver="GPKG")


def _overview(monitor: Monitor, story, baseline, progress=None):
    """The national overview for the progress letter (:func:`monitor.plan.uitgangssituatie.overview_document`)."""
    from ..plan.uitgangssituatie import overview_document

    return overview_document(monitor, story=story, baseline=baseline, progress=progress)


def _render(document, kind: str) -> bytes:
    from ..plan.uitgangssituatie import render

    return render(document, kind)


OVERVIEW_CHILD = ("gemeenten.gpkg", "regios.gpkg", "vergelijking.csv", "vergelijking_excel.csv", "nulmeting.csv",
                  "voortgang.csv", "voortgang_regios.docx", "voortgang_regios.pdf")
"""The files the overview's child writes, in this order (:func:`export`)."""


def _write_overview(document, docx_path: Path, pdf_path: Path | None) -> None:
    """The overview as .docx, and as .pdf beside it when ``pdf_path`` is given (one writer: one child)."""
    docx_path.write_bytes(_render(document, "docx"))
    if pdf_path is not None:
        pdf_path.write_bytes(_render(document, "pdf"))


def check_formats(formats) -> None:
    """Raise UnknownKeyError if ``formats`` names a file that is not one of :data:`FILES`."""
    unknown = set(formats) - set(FILES)
    if unknown:
        raise UnknownKeyError(f"Unknown export file(s) {', '.join(sorted(unknown))}; choose from {', '.join(FILES)}.")


def export(monitor: Monitor, out_dir: str | os.PathLike, formats=FILES) -> list[Path]:
    """Write the researchers' export files into ``out_dir``, all or nothing.

    Parameters
    ----------
    monitor
        From :func:`monitor.data.load_monitor`. Everything is taken from it, including the
        boundaries it verified when it was loaded, so that a snapshot replaced on disk meanwhile
        cannot mix into the export.
    out_dir
        Target folder, under the ``--out`` rule (:mod:`monitor.output.outfolder`): created if missing;
        an existing folder keeps every file this export does not write. Files are first written
        to a temporary folder inside it and moved in only when every file is complete.
    formats
        Which of :data:`FILES` to write.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutFolderError
        If ``out_dir`` is refused or cannot be written (nothing is written then).
    """
    check_formats(formats)
    out_dir = prepare_out_folder(out_dir)
    # Computed when first needed: the workbook's writer may start (in a child process) before them,
    # and gets the story sheets handed over once this process has computed them (Handover).
    # The long table in Arrow, for the Parquet file, and its CSV columns escaped, for both CSV files.
    long = functools.cache(lambda: long_arrow(monitor))
    csv_columns = functools.cache(lambda: csv_arrow(long()))
    story = functools.cache(lambda: story_for(monitor))
    story_tables = functools.cache(lambda: export_tables(story()))
    border = Handover(lambda: border_for(monitor))
    story_sheets = Handover(lambda: excel_sheets(story()))
    baseline = functools.cache(lambda: nulmeting.current_baseline(monitor))
    progress = functools.cache(lambda: nulmeting.voortgang(monitor, baseline()[0]))
    comparison = functools.cache(lambda: comparison_table(monitor))
    # The progress letter's overview is built and rendered (Word, and PDF beside it: one writer) in a child,
    # like the workbook; it gets the story handed over.
    story_handover = Handover(story)
    both = "voortgang_regios.pdf" in formats
    writers = {
        "indicatoren.csv": lambda p: write_arrow_csv(csv_columns(), p),
        "indicatoren.parquet": lambda p: write_parquet(long(), p),
        "indicatoren.xlsx": lambda p: write_xlsx(monitor, year_rows(monitor), p,
                                                 lambda: {**story_sheets.get(), **grens_sheets(border.get())}),
        "vergelijking.csv": lambda p: write_comparison_csv(comparison(), p),
        "indicatoren_excel.csv": lambda p: write_excel_csv_file(monitor, csv_columns(), p),
        "vergelijking_excel.csv": lambda p: p.write_bytes(excel_csv(monitor, comparison())),
        **{name: (lambda p, name=name: p.write_bytes(csv_bytes(story_tables()[name]))) for name in STORY_FILES},
        GRENS_FILE: lambda p: p.write_bytes(grens_bytes(border.get())),
        "gemeenten.gpkg": lambda p: write_geopackages(monitor, p, p.with_name("regios.gpkg")),
        "regios.gpkg": lambda p: None if p.exists() else write_geopackages(monitor, p.with_name("gemeenten.gpkg"), p),
        "nulmeting.csv": lambda p: p.write_bytes(nulmeting.baseline_csv_bytes(baseline()[0])),
        "voortgang.csv": lambda p: p.write_bytes(nulmeting.baseline_csv_bytes(progress())),
        "voortgang_regios.docx": lambda p: _write_overview(
            _overview(monitor, story_handover.get(), baseline(), progress()), p, p.with_suffix(".pdf") if both else None),
        "voortgang_regios.pdf": lambda p: None if "voortgang_regios.docx" in formats else p.write_bytes(
            _render(_overview(monitor, story_handover.get(), baseline(), progress()), "pdf")),
    }
    # What each writer in a child gets from this process (every one it reads: a child waits for each).
    handovers = {"voortgang_regios.docx": (story_handover,), "voortgang_regios.pdf": (story_handover,),
                 "indicatoren.xlsx": (story_sheets, border), GRENS_FILE: (border,)}
    try:
        # The workbook is pure Python and the slowest file: it is written in a child process meanwhile
        # (monitor.output.background), which then writes grens.csv; both get Over de grens, like the story's
        # sheets, handed over from this process. A second child writes the overview document, after the
        # files that need nothing from this process (so it starts on them while the story is computed here
        # and handed over) and the two that share its nulmeting: each child about as busy as this process.
        # indicatoren_excel.csv is written here, from the escaped CSV columns that indicatoren.csv uses
        # (about 0.4 s in Arrow: a child of its own would cost more in the fork than it saves).
        workbook = ("indicatoren.xlsx", GRENS_FILE) if "indicatoren.xlsx" in formats else ()
        return write_into_folder(out_dir, {name: writers[name] for name in FILES if name in formats},
                                 concurrent=(workbook, OVERVIEW_CHILD),
                                 handovers=tuple(dict.fromkeys(h for name, given in handovers.items() if name in formats
                                                              for h in given)))
    except OSError as exc:
        raise OutFolderError(f"Cannot write the export into '{out_dir}': {exc.strerror or exc}. Nothing was "
                             "replaced; give a folder you can write to with --out.") from exc
