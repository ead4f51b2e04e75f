"""Write a small SYNTHETIC snapshot (made-up numbers, real format) for unit tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

# code, dataset, year, measure -> value. Made up; see README.md for the design.
OBSERVATIONS = [
    # toy_2013: 2013 division, population only; GM9014 splits with unknown shares.
    *[("toy_2013", "pop", code, 2013, v) for code, v in
      [("GM9001", 900), ("GM9002", 450), ("GM9003", 950), ("GM9004", 1800), ("GM9014", 50)]],
    # toy_2015: 2015 division with a national row.
    *[("toy_2015", m, code, 2015, v) for code, values in {
        "GM9001": (1000, 200, 2.0), "GM9002": (500, 100, 4.0), "GM9011": (300, 60, 1.0),
        "GM9012": (700, 140, 3.0), "GM9004": (2000, 300, 1.0), "GM9013": (400, 80, 5.0),
        "NL01": (4900, 880, 2.5),
    }.items() for m, v in zip(("pop", "old", "dist"), values)],
    # toy_2025: 2025 division, survey value missing for GM9002, no national row.
    *[("toy_2025", "pop", code, 2025, v) for code, v in
      [("GM9001", 1200), ("GM9002", 400), ("GM9003", 1000), ("GM9004", 2400)]],
    *[("toy_2025", "survey", code, 2025, v) for code, v in [("GM9001", 80), ("GM9003", 70), ("GM9004", 60)]],
    # toy_rmbw: 2025 division for an older year (like CBS's brede-welvaart monitor), no national row.
    # In 2013 GM9002 and GM9004 have no inhabitants (unknown split): their weight comes from 2015.
    # GM9003's "part" exceeds its "whole": a computed share of 150 %, outside the valid range.
    *[("toy_rmbw", m, code, 2013, v) for code, values in {
        "GM9001": (10, 50, 40, 100), "GM9002": (20, 10, 60, 100), "GM9003": (30, 20, 30, 20), "GM9004": (40, 5, 50, 100),
    }.items() for m, v in zip(("score", "green", "part", "whole"), values)],
    # toy_area: areas of the 2024 division (= 2025 codes), one year only.
    *[("toy_area", "area", code, 2024, v) for code, v in
      [("GM9001", 10), ("GM9002", 30), ("GM9003", 20), ("GM9004", 40)]],
    # toy_crime: 2015 division; counts plus the rate per 1 000 that the publisher prints.
    *[("toy_crime", m, code, 2015, v) for code, values in {
        "GM9001": (50, 49.0), "GM9002": (20, 40.0), "GM9011": (6, 20.0), "GM9012": (14, 20.0),
        "GM9004": (100, 50.0), "GM9013": (8, 20.0), "NL01": (200, 41.0),
    }.items() for m, v in zip(("crimes", "rate"), values)],
    # toy_crime 2016 (2025 codes): the publisher suppresses GM9002's rate (small numbers) but gives
    # its rounded count; the national rate is the publisher's own.
    *[("toy_crime", "crimes", code, 2016, v) for code, v in
      [("GM9001", 60), ("GM9002", 5), ("GM9003", 20), ("GM9004", 100), ("NL01", 190)]],
    *[("toy_crime", "rate", code, 2016, v) for code, v in
      [("GM9001", 55.0), ("GM9003", 20.0), ("GM9004", 42.0), ("NL01", 38.5)]],
    # toy_2015 also has a median with the publisher's own national median (99).
    *[("toy_2015", "med", code, 2015, v) for code, v in
      [("GM9001", 30), ("GM9002", 20), ("GM9011", 10), ("GM9012", 10), ("GM9004", 25), ("GM9013", 40), ("NL01", 99)]],
    # toy_main: the main source of a distance, lacking GM9011 and GM9012 (so GM9003) like 80305NED lacks Zwolle.
    *[("toy_main", "d1", code, 2015, v) for code, v in
      [("GM9001", 1.0), ("GM9002", 2.0), ("GM9004", 3.0), ("GM9013", 4.0), ("NL01", 2.2)]],
]

DIVISIONS = {"toy_rmbw": "2025 (synthetic: the 2025 division for every year)", "toy_area": "2024",
             "toy_crime": "of each year", "toy_main": "of each year"}
"""``gemeente_indeling`` of the datasets whose name does not end in their year."""

CROSSWALK = [
    ("GM9001", "GM9001", 1.0), ("GM9002", "GM9002", 1.0), ("GM9003", "GM9003", 1.0), ("GM9004", "GM9004", 1.0),
    ("GM9011", "GM9003", 1.0), ("GM9012", "GM9003", 1.0),
    ("GM9013", "GM9001", 0.25), ("GM9013", "GM9004", 0.75),
    ("GM9014", "GM9002", None), ("GM9014", "GM9004", None),
]

REGIONS = [
    ("r_noord", "Regio Noord (fictief)", "GM9001", "Eerstedorp (fictief)", "Nergens", "high", "synthetic"),
    ("r_noord", "Regio Noord (fictief)", "GM9002", "Tweededorp (fictief)", "Nergens", "low", "synthetic"),
    ("r_zuid", "Regio Zuid (fictief)", "GM9003", "Derdestad (fictief)", "Nergens", "high", "synthetic"),
]

# Optional COROP table (write_toy_snapshot(corop=True)): two made-up COROP regions.
COROP = [("GM9001", "CR01", "Corop Een (fictief)"), ("GM9002", "CR01", "Corop Een (fictief)"),
         ("GM9003", "CR02", "Corop Twee (fictief)"), ("GM9004", "CR02", "Corop Twee (fictief)")]

NAMES = {"GM9001": "Eerstedorp (fictief)", "GM9002": "Tweededorp (fictief)",
         "GM9003": "Derdestad (fictief)", "GM9004": "Vierdeveen (fictief)"}

CATALOGUE = """\
theme: toy
title: Synthetisch thema (testdata)
indicators:
  - id: bevolking
    title: Inwoners
    description: Synthetische inwoners (testdata).
    unit: aantal
    direction: neutral
    direction_reason: Neutraal (synthetische testdata).
    valid_range: [0, null]
    goal: 3
    aggregation: sum
    tolerance: 0
    sources:
      - {dataset: toy_2013, measure: pop}
      - {dataset: toy_2015, measure: pop}
      - {dataset: toy_2025, measure: pop}
  - id: aandeel_oud
    title: Aandeel ouderen
    description: Synthetisch aandeel ouderen (testdata).
    unit: "%"
    direction: lower
    direction_reason: Lager is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 3
    aggregation: ratio
    tolerance: 0.5
    sources:
      - {dataset: toy_2015, numerator: [old], denominator: [pop], factor: 100}
  - id: afstand
    title: Afstand
    description: Synthetische afstand (testdata).
    unit: km
    direction: lower
    direction_reason: Korter is gunstiger (synthetische testdata).
    valid_range: [0, null]
    goal: 2
    aggregation: weighted_mean
    tolerance: 0.1
    sources:
      - {dataset: toy_2015, measure: dist, weight: pop}
  - id: tevredenheid
    title: Tevredenheid
    description: Synthetische enquêtewaarde (testdata).
    unit: "%"
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: survey_mean
    tolerance: 1
    min_coverage: 0.5
    sources:
      - {dataset: toy_2025, measure: survey}
  - id: tevredenheid_strikt
    title: Tevredenheid (strikte dekking)
    description: Synthetische enquêtewaarde met hoge dekkingseis (testdata).
    unit: "%"
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: survey_mean
    tolerance: 1
    min_coverage: 0.8
    sources:
      - {dataset: toy_2025, measure: survey}
  - id: groei_10j
    title: Groei in tien jaar
    description: Synthetische verandering van de bevolking over tien jaar (testdata).
    unit: aantal
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [null, null]
    goal: 3
    aggregation: change
    tolerance: 0
    change: {of: bevolking, span: 10}
  - id: score_2025
    title: Score in de indeling van 2025
    description: Synthetische score in de indeling van 2025 voor 2013 (testdata).
    unit: punten
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: weighted_mean
    tolerance: 1
    sources:
      - {dataset: toy_rmbw, measure: score}
  - id: groen
    title: Groen
    description: Synthetisch aandeel van de oppervlakte (testdata).
    unit: "% van de oppervlakte"
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: area_mean
    tolerance: 1
    sources:
      - {dataset: toy_rmbw, measure: green, weight: area, weight_dataset: toy_area}
  - id: groen_invul
    title: Groen met invulwaarde
    description: Synthetisch aandeel van het land met een invulwaarde van de bron (testdata).
    unit: "% van het land"
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: area_mean
    tolerance: 1
    min_coverage: 0.5
    placeholders:
      - {value: 50, reason: "Synthetische invulwaarde van de bron, geen meting (testdata)."}
    sources:
      - {dataset: toy_rmbw, measure: green, weight: area, weight_dataset: toy_area}
  - id: aandeel_x
    title: Aandeel X
    description: Synthetisch aandeel met een berekende waarde buiten het bereik (testdata).
    unit: "%"
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, 100]
    goal: 1
    aggregation: ratio
    tolerance: 1
    sources:
      - {dataset: toy_rmbw, numerator: [part], denominator: [whole], factor: 100}
  - id: misdrijven
    title: Misdrijven
    description: Synthetische misdrijven per 1 000 inwoners (testdata).
    unit: per 1 000 inwoners
    direction: lower
    direction_reason: Lager is gunstiger (synthetische testdata).
    valid_range: [0, null]
    goal: 1
    aggregation: ratio
    tolerance: 1
    sources:
      - {dataset: toy_crime, numerator: [crimes], denominator_population: true, gemeente_measure: rate, factor: 1000}
  - id: mediaan
    title: Mediaan
    description: Synthetische mediaan met een landelijke mediaan van de uitgever (testdata).
    unit: euro
    direction: higher
    direction_reason: Hoger is gunstiger (synthetische testdata).
    valid_range: [0, null]
    median: true
    goal: 3
    aggregation: survey_mean
    tolerance: 1
    min_coverage: 0.5
    sources:
      - {dataset: toy_2015, measure: med, weight: pop}
  - id: afstand_afgerond
    title: Afstand met afgerond landelijk cijfer
    description: Synthetische afstand waarvan de uitgever het landelijke cijfer afrondt op 0,5 (testdata).
    unit: km
    direction: lower
    direction_reason: Korter is gunstiger (synthetische testdata).
    valid_range: [0, null]
    goal: 2
    aggregation: weighted_mean
    tolerance: 0.1
    sources:
      - {dataset: toy_2015, measure: dist, weight: pop, nl_rounding: 0.5}
  - id: afstand_gevuld
    title: Afstand met aanvulling
    description: Synthetische afstand uit een hoofdbron met een gat, aangevuld uit een oudere bron (testdata).
    unit: km
    direction: lower
    direction_reason: Korter is gunstiger (synthetische testdata).
    valid_range: [0, null]
    goal: 2
    aggregation: weighted_mean
    tolerance: 0.1
    sources:
      - {dataset: toy_main, measure: d1}
      - {dataset: toy_2015, measure: dist, weight: pop}
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_toy_snapshot(root: Path, corop: bool = False) -> dict[str, Path]:
    """Write the synthetic snapshot, catalogue, region table and crosswalk under ``root``.

    With ``corop`` the snapshot also holds ``regions/corop_2024.csv`` (:data:`COROP`).

    Returns
    -------
    dict
        Paths: ``snapshot``, ``catalogue`` (folder), ``regions`` (csv), ``crosswalk`` (csv).
    """
    import geopandas as gpd
    from shapely.geometry import box

    snap = root / "snapshot"
    (snap / "boundaries").mkdir(parents=True)
    (snap / "regions").mkdir()
    obs = pd.DataFrame(OBSERVATIONS, columns=["dataset", "measure", "region_code", "period", "value"])
    obs.to_csv(snap / "observations.csv", index=False)
    pd.DataFrame([(d, m, m, "aantal", "synthetisch") for d, m in obs[["dataset", "measure"]].drop_duplicates().values],
                 columns=["dataset", "measure", "title_nl", "unit", "description"]).to_csv(snap / "measures.csv", index=False)
    pd.DataFrame([(d, f"Synthetisch {d}", "test", "none", d[-4:], "1 januari", DIVISIONS.get(d, d[-4:]),
                   "yes" if d in ("toy_2015", "toy_crime", "toy_main") else "no",
                   "synthetic", "tests/synthetic", "SYNTHETIC, not CBS data") for d in obs["dataset"].unique()],
                 columns=["dataset", "title_nl", "publisher", "cbs_table", "periods", "reference_date",
                          "gemeente_indeling", "national_row", "license", "retrieved_from", "notes"]
                 ).to_csv(snap / "datasets.csv", index=False)
    squares = [box(155000 + i * 1000, 463000, 156000 + i * 1000, 464000) for i in range(4)]
    gpd.GeoDataFrame({"gemeente_code": list(NAMES), "gemeente_name": list(NAMES.values())},
                     geometry=squares, crs=28992).to_file(snap / "boundaries" / "gemeenten_2025.gpkg",
                                                          layer="gemeenten", driver="GPKG")
    regions = pd.DataFrame(REGIONS, columns=["region_id", "region_name", "gemeente_code", "gemeente_name",
                                             "province", "confidence", "source"])
    regions.to_csv(snap / "regions" / "npvr_regions.csv", index=False)
    if corop:
        pd.DataFrame(COROP, columns=["gemeente_code", "corop_code", "corop_name"]).to_csv(
            snap / "regions" / "corop_2024.csv", index=False)
    # The toy's own merger crosswalk travels with it, as the real one does in regions/: the
    # snapshot content check accepts old codes only when a crosswalk knows them.
    crosswalk_table = pd.DataFrame(CROSSWALK, columns=["old_code", "code_2025", "share"]).assign(name_2025="x")
    crosswalk_table.to_csv(snap / "regions" / "herindelingen_2010_2025_to2025.csv", index=False)
    files = {str(p.relative_to(snap)): {"sha256": _sha(p), "bytes": p.stat().st_size}
             for p in sorted(snap.rglob("*")) if p.is_file()}
    (snap / "manifest.json").write_text(json.dumps({"snapshot": "toy (synthetic)", "built": "2000-01-01", "files": files}))

    catalogue = root / "indicators"
    catalogue.mkdir()
    (catalogue / "toy.yaml").write_text(CATALOGUE, encoding="utf-8")
    regions_csv = root / "regions.csv"
    regions.to_csv(regions_csv, index=False)
    crosswalk = root / "crosswalk.csv"
    crosswalk_table.to_csv(crosswalk, index=False)
    return {"snapshot": snap, "catalogue": catalogue, "regions": regions_csv, "crosswalk": crosswalk}
