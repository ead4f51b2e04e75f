"""The NPVR regions: which gemeenten (2025 codes) make up each region."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import REGIONS_FILE
from .errors import RegionTableError, UnknownKeyError

REGION_COLUMNS = ["region_id", "region_name", "gemeente_code", "gemeente_name", "province", "confidence", "source"]
CONFIDENCE_LEVELS = ("high", "medium", "low")
CONFIDENCE_NL = {"high": "hoog", "medium": "middel", "low": "laag"}
REGIONS_ENV = "NPVR_REGIONS"
EXPECTED_REGIONS = 11


def regions_file(explicit: str | os.PathLike | None = None) -> Path:
    """The region table in use: ``explicit``, else ``$NPVR_REGIONS``, else ``data/regions/npvr_regions.csv``."""
    if explicit:
        return Path(explicit)
    return Path(os.environ.get(REGIONS_ENV) or REGIONS_FILE)


@dataclass(frozen=True)
class Regions:
    """The region membership table.

    Attributes
    ----------
    table
        One row per member gemeente: ``region_id``, ``region_name``, ``gemeente_code``,
        ``gemeente_name``, ``province``, ``confidence``, ``source``.
    path
        Where it was read from.
    """

    table: pd.DataFrame
    path: Path

    def ids(self) -> list[str]:
        """Region ids in alphabetical order of their names."""
        order = self.table.drop_duplicates("region_id").sort_values("region_name")
        return order["region_id"].tolist()

    def names(self) -> dict[str, str]:
        """``{region_id: region_name}`` in alphabetical order of the names."""
        order = self.table.drop_duplicates("region_id").sort_values("region_name")
        return dict(zip(order["region_id"], order["region_name"]))

    def name(self, region_id: str) -> str:
        return self.names()[self.check(region_id)]

    def check(self, region_id: str) -> str:
        """Return ``region_id`` if known, else raise UnknownKeyError listing the known ids."""
        if region_id not in set(self.table["region_id"]):
            raise UnknownKeyError(f"Unknown region {region_id!r}. Known regions: {', '.join(self.ids())}.")
        return region_id

    def members(self, region_id: str) -> list[str]:
        """The GM codes of a region's gemeenten."""
        self.check(region_id)
        return self.table.loc[self.table["region_id"] == region_id, "gemeente_code"].tolist()

    def region_of(self) -> dict[str, str]:
        """``{GM code: region_id}`` for every member gemeente."""
        return dict(zip(self.table["gemeente_code"], self.table["region_id"]))


def load_regions(path: str | os.PathLike | None = None) -> Regions:
    """Read and check the region table.

    Raises
    ------
    RegionTableError
        If the file is missing or a column, code, confidence or region id is malformed, or a
        gemeente is in two regions. The message names the rows.
    """
    path = regions_file(path)
    if not path.is_file():
        raise RegionTableError(
            f"Region table not found: {path}. Restore data/regions/npvr_regions.csv from git or set {REGIONS_ENV}."
        )
    try:
        table = pd.read_csv(path, dtype="string", keep_default_na=False, engine="python")
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise RegionTableError(f"Cannot read region table {path}: {exc}") from exc
    missing = [c for c in REGION_COLUMNS[:4] + ["confidence"] if c not in table.columns]
    if missing:
        raise RegionTableError(f"Region table {path} lacks column(s): {', '.join(missing)}.")
    for column in REGION_COLUMNS:
        if column not in table.columns:
            table[column] = ""
        table[column] = table[column].str.strip()
    if table.empty:
        raise RegionTableError(f"Region table {path} has no rows (only a header): every region needs its "
                               "gemeenten, one row each. Restore data/regions/npvr_regions.csv from git or "
                               f"fill in the table set with --regions or {REGIONS_ENV}.")
    problems = []
    bad_codes = table.loc[~table["gemeente_code"].str.fullmatch(r"GM\d{4}"), "gemeente_code"]
    if len(bad_codes):
        problems.append(f"codes that are not GM#### : {', '.join(bad_codes.tolist()[:5])}")
    bad_conf = table.loc[~table["confidence"].isin(CONFIDENCE_LEVELS), "gemeente_code"]
    if len(bad_conf):
        problems.append(f"confidence not one of {'/'.join(CONFIDENCE_LEVELS)} for {', '.join(bad_conf.tolist()[:5])}")
    bad_ids = table.loc[~table["region_id"].str.fullmatch(r"[a-z][a-z0-9_]*"), "region_id"].unique()
    if len(bad_ids):
        problems.append(f"region ids must be lower-case snake_case: {', '.join(bad_ids[:5])}")
    twice = table[table.duplicated("gemeente_code", keep=False)]
    if len(twice):
        pairs = twice.groupby("gemeente_code")["region_id"].apply(lambda s: "/".join(s)).to_dict()
        problems.append("gemeente(n) in more than one region: " + ", ".join(f"{k} ({v})" for k, v in pairs.items()))
    names = table.groupby("region_id")["region_name"].nunique()
    if (names > 1).any():
        problems.append(f"region ids with more than one name: {', '.join(names[names > 1].index)}")
    if problems:
        raise RegionTableError(f"Region table {path} is invalid:\n  - " + "\n  - ".join(problems))
    return Regions(table=table[REGION_COLUMNS].reset_index(drop=True), path=path)


def check_regions(regions: Regions, gemeente_codes: set[str], expected: int | None = EXPECTED_REGIONS) -> list[str]:
    """List problems of a region table against the 2025 gemeenten.

    Parameters
    ----------
    regions
        The loaded table.
    gemeente_codes
        The GM codes of the boundary file (the 2025 division).
    expected
        The number of regions there should be (None: any number, e.g. for a test table).

    Returns
    -------
    list of str
        Empty if there are 11 regions and every member is a 2025 gemeente.
    """
    problems = []
    count = regions.table["region_id"].nunique()
    if expected is not None and count != expected:
        problems.append(f"{count} regions in {regions.path}, expected {expected}")
    unknown = sorted(set(regions.table["gemeente_code"]) - set(gemeente_codes))
    if unknown:
        problems.append(f"gemeente codes not in the 2025 boundaries: {', '.join(unknown)}")
    return problems
