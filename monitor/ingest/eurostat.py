"""Eurostat's NUTS-3 tables for *Over de grens*: where they come from, and their bulk TSV format.

The register is the ``eurostat:`` section of ``indicators/sources.yaml``: per snapshot dataset the
Eurostat code, its public bulk download (gzipped TSV), Eurostat's ``LAST UPDATE`` of the copy in the
snapshot, and per measure the fixed dimensions (``unit``, ``sex``, ``age``). :func:`parse_tsv` reads
Eurostat's TSV (a header ``unit,geo\\TIME_PERIOD`` then one column per year; a cell is a number
followed by flag letters, or ``:`` for not available) into the snapshot's ``nuts3_observations``
and ``nuts3_flags`` shape; :func:`fetch` downloads one table with the ingest's network policy.
"""

from __future__ import annotations

import gzip
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from ..dates import dutch_date
from .errors import IngestError
from .register import DEFAULT_REGISTER

OBSERVATION_COLUMNS = ["dataset", "measure", "region_code", "period", "value"]
FLAG_COLUMNS = ["dataset", "measure", "region_code", "period", "flag"]
CELL = re.compile(r"^\s*(?P<value>:|-?[0-9]+(?:\.[0-9]+)?)\s*(?P<flags>[a-z]*)\s*$")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser where installed: the register is 115 KB, which PyYAML's own parser reads in 0.3 s."""


@dataclass(frozen=True)
class EurostatTable:
    """One Eurostat table of the register.

    Attributes
    ----------
    dataset
        The snapshot's dataset id (``eurostat_nama_10r_3gdp``).
    code
        Eurostat's dataset code (``nama_10r_3gdp``).
    title_nl, url, last_update
        Dutch title, the public bulk download, Eurostat's ``LAST UPDATE`` (ISO date) of the copy in the
        snapshot.
    measures
        ``{snapshot measure id: {dimension: code}}``.
    """

    dataset: str
    code: str
    title_nl: str
    url: str
    last_update: str
    measures: dict

    @property
    def label(self) -> str:
        """``"nama_10r_3gdp (bijgewerkt 21 februari 2023)"``: the code and Eurostat's update date."""
        return f"{self.code} (bijgewerkt {dutch_date(self.last_update)})"


@dataclass(frozen=True)
class EurostatRegister:
    """The ``eurostat:`` section of the source register."""

    tables: dict
    geo: tuple
    citation: str
    licence: str

    def source_line(self) -> str:
        """``"Bron: Eurostat — nama_10r_3gdp (bijgewerkt …), demo_r_pjanaggr3 (…)"``, for every view."""
        return f"{self.citation} — " + ", ".join(t.label for t in self.tables.values())


def load_eurostat_register(path: Path | str = DEFAULT_REGISTER) -> EurostatRegister:
    """Read the ``eurostat:`` section of the source register.

    Raises
    ------
    IngestError
        If the section or an entry is missing or incomplete (the message names it).
    """
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise IngestError(f"Cannot read the source register {path}: {exc}.") from exc
    section = raw.get("eurostat") if isinstance(raw, dict) else None
    if not isinstance(section, dict) or not isinstance(section.get("datasets"), dict):
        raise IngestError(f"{path}: needs an 'eurostat' section with 'datasets'. Fix the source register.")
    tables = {}
    for dataset, entry in section["datasets"].items():
        missing = [k for k in ("code", "url", "last_update", "measures") if not (entry or {}).get(k)]
        if missing:
            raise IngestError(f"{path}: eurostat.datasets.{dataset} lacks {', '.join(missing)}. Fix the source register.")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["last_update"])):
            raise IngestError(f"{path}: eurostat.datasets.{dataset}.last_update must be YYYY-MM-DD.")
        tables[str(dataset)] = EurostatTable(str(dataset), str(entry["code"]), str(entry.get("title_nl", "")),
                                             str(entry["url"]), str(entry["last_update"]),
                                             {str(m): {str(k): str(v) for k, v in dims.items()}
                                              for m, dims in entry["measures"].items()})
    return EurostatRegister(tables, tuple(str(g) for g in section.get("geo") or ()),
                            str(section.get("citation", "Bron: Eurostat")), str(section.get("licence", "")))


def parse_tsv(data: bytes | str, table: EurostatTable, geo=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Eurostat bulk TSV (gzipped or plain) → the snapshot's observation and flag rows of ``table``.

    Parameters
    ----------
    data
        The download: gzip bytes, plain bytes or text.
    table
        Which measures to keep (their fixed dimensions) and the dataset id to write.
    geo
        The NUTS codes to keep (None: all).

    Returns
    -------
    (observations, flags)
        ``dataset, measure, region_code, period, value`` (``:`` cells have no row) and
        ``dataset, measure, region_code, period, flag`` (one row per flagged value kept).

    Raises
    ------
    IngestError
        If the header has no ``geo`` dimension or a cell is not a number, ``:`` or flags.
    """
    if isinstance(data, bytes):
        data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        data = data.decode("utf-8-sig")
    lines = io.StringIO(data).read().splitlines()
    if not lines:
        raise IngestError(f"Eurostat {table.code}: the download is empty.")
    header = lines[0].split("\t")
    dims = header[0].split("\\")[0].split(",")
    if "geo" not in dims:
        raise IngestError(f"Eurostat {table.code}: header {header[0]!r} has no geo dimension; not a Eurostat TSV.")
    years = [int(h.strip()) for h in header[1:]]
    wanted = set(geo) if geo is not None else None
    rows, flags = [], []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        key = dict(zip(dims, cells[0].split(",")))
        code = key["geo"]
        if wanted is not None and code not in wanted:
            continue
        measure = next((m for m, fixed in table.measures.items()
                        if all(key.get(d) == v for d, v in fixed.items())), None)
        if measure is None:
            continue
        for year, cell in zip(years, cells[1:]):
            match = CELL.match(cell)
            if match is None:
                raise IngestError(f"Eurostat {table.code}, line {number}, {code} {year}: cell {cell!r} is not a "
                                  "number, ':' or flags.")
            if match["value"] == ":":
                continue
            rows.append((table.dataset, measure, code, year, float(match["value"])))
            if match["flags"]:
                flags.append((table.dataset, measure, code, year, match["flags"]))
    observations = pd.DataFrame(rows, columns=OBSERVATION_COLUMNS).sort_values(
        ["measure", "region_code", "period"], ignore_index=True)
    return observations, pd.DataFrame(flags, columns=FLAG_COLUMNS)


def fetch(table: EurostatTable, policy, session=None) -> bytes:
    """Download ``table``'s bulk TSV (gzip) with the ingest's :class:`~monitor.ingest.network.NetworkPolicy`."""
    import requests

    session = session or requests.Session()
    host = table.url.split("/")[2]

    def get() -> bytes:
        response = session.get(table.url, timeout=policy.timeouts)
        response.raise_for_status()
        return response.content

    return policy.call(f"Eurostat {table.code}", host, get)


CARRIED = ("nuts3_measures.csv", "regions/nuts3_2021.csv", "regions/npvr_border_neighbours.csv")
"""The extract's own tables: measure titles, NUTS names and the region → area table (not downloaded)."""


def _csv(frame: pd.DataFrame) -> bytes:
    """Snapshot CSV: observations as the snapshot writers write them, other tables plain."""
    from ..snapshot.embedded import csv_bytes

    if "value" in frame.columns:
        return csv_bytes(frame)
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _measures(register: EurostatRegister) -> pd.DataFrame:
    """``nuts3_measures.csv`` rows made from the register (when no earlier snapshot gives the Dutch titles)."""
    rows = [(t.dataset, m, f"{t.title_nl} ({m})", dims.get("unit", ""), f"Eurostat {t.code}, {dims}")
            for t in register.tables.values() for m, dims in t.measures.items()]
    return pd.DataFrame(rows, columns=["dataset", "measure", "title_nl", "unit", "description"])


def eurostat_files(register: EurostatRegister, download, carry=None) -> tuple[dict[str, bytes], list[str]]:
    """The cross-border files of a live snapshot: download every table, or keep the earlier snapshot's.

    Parameters
    ----------
    register
        :func:`load_eurostat_register`.
    download
        ``download(table) -> bytes`` (:func:`fetch` with the run's network policy).
    carry
        The ``--carry-over-from`` snapshot (or None): its measure titles, NUTS names and region → area
        table are kept (they are not downloaded), and its extract when a download fails.

    Returns
    -------
    (files, messages)
        ``{relative path: bytes}`` (``nuts3_observations.csv``, ``nuts3_flags.csv`` and :data:`CARRIED`)
        and what happened, in English, for the run's log. A failed download is a warning, not a failed
        snapshot: the border view is an extra.
    """
    files, messages = {}, []
    observations, flags = [], []
    try:
        for table in register.tables.values():
            rows, flagged = parse_tsv(download(table), table, register.geo)
            observations.append(rows)
            flags.append(flagged)
            messages.append(f"eurostat {table.code}: {len(rows)} values, {len(flagged)} flags")
    except IngestError as exc:
        messages.append(f"warning: Eurostat not refreshed ({exc})")
        observations = []
    if observations:
        files["nuts3_observations.csv"] = _csv(pd.concat(observations, ignore_index=True))
        files["nuts3_flags.csv"] = _csv(pd.concat(flags, ignore_index=True))
    elif carry is not None and len(carry.nuts3_observations):
        files["nuts3_observations.csv"] = _csv(carry.nuts3_observations)
        if (Path(carry.root) / "nuts3_flags.csv").is_file():
            files["nuts3_flags.csv"] = (Path(carry.root) / "nuts3_flags.csv").read_bytes()
        messages.append("nuts3_observations.csv, nuts3_flags.csv: carried over unchanged")
    if not files:
        return {}, messages
    for name in CARRIED:
        path = Path(carry.root) / name if carry is not None else None
        if path is not None and path.is_file():
            files[name] = path.read_bytes()
        elif name == "nuts3_measures.csv":
            files[name] = _csv(_measures(register))
        else:
            messages.append(f"warning: {name} not in the --carry-over-from snapshot: the border view will be empty")
    return files, messages
