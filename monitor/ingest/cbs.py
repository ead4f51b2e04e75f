"""CBS OData (v3) downloads through :mod:`cbsodata`, keeping the raw region codes.

``cbsodata.get_data`` replaces dimension codes by their titles ("GM0003" becomes "Appingedam");
the monitor needs the codes, so the data set is fetched with ``cbsodata.get_meta(table,
"TypedDataSet", select=..., filters=...)``, which returns the rows as published (codes padded with
spaces, stripped here). Metadata come from ``cbsodata.get_info`` and ``cbsodata.get_meta``.
"""

from __future__ import annotations

import hashlib
import math

import cbsodata

from .cache import DownloadCache
from .network import NetworkPolicy

MISSING_MARKERS = {"", ".", "x", "-", "?", "nan", "NaN"}
"""CBS symbols for an unknown, secret or not applicable cell (TypedDataSet gives null instead)."""


class CbsClient:
    """Fetch CBS tables with retries and a resumable cache.

    Parameters
    ----------
    policy
        Timeouts and retries.
    cache
        Finished downloads; a verified entry is never fetched again.
    catalog_url
        The OData host (``opendata.cbs.nl``).
    """

    def __init__(self, policy: NetworkPolicy, cache: DownloadCache, catalog_url: str = "opendata.cbs.nl"):
        self.policy = policy
        self.cache = cache
        self.catalog_url = catalog_url
        self.fetched: list[str] = []

    def _get(self, name: str, what: str, func, *args, **kwargs):
        cached = self.cache.get(name)
        if cached is not None:
            return cached
        result = self.policy.call(
            what, self.catalog_url, func, *args,
            catalog_url=self.catalog_url, timeout=self.policy.timeouts, **kwargs,
        )
        self.cache.put(name, result)
        self.fetched.append(name)
        return result

    def table_info(self, table: str) -> dict:
        """Return the TableInfos record (title, modified date, period, ...)."""
        return self._get(f"{table}/TableInfos", f"{table} TableInfos", cbsodata.get_info, table) or {}

    def data_properties(self, table: str) -> list[dict]:
        """Return the DataProperties (dimensions, topic groups and topics with key/title/unit)."""
        return self._get(f"{table}/DataProperties", f"{table} DataProperties", cbsodata.get_meta, table, "DataProperties")

    def dimension(self, table: str, dimension: str) -> list[dict]:
        """Return the codes of a dimension (``Key``, ``Title``, ...)."""
        return self._get(f"{table}/{dimension}", f"{table} {dimension}", cbsodata.get_meta, table, dimension)

    def data(self, table: str, select: list[str], filters: str) -> list[dict]:
        """Return the rows of the typed data set, codes unconverted.

        Parameters
        ----------
        table
            The table id.
        select
            Columns to return (dimensions and measure keys).
        filters
            An OData ``$filter`` expression.
        """
        digest = hashlib.sha256(("|".join(select) + "#" + filters).encode()).hexdigest()[:12]
        return self._get(
            f"{table}/TypedDataSet-{digest}", f"{table} data", cbsodata.get_meta, table, "TypedDataSet",
            select=select, filters=filters,
        )


def parse_value(raw) -> float | None:
    """Turn a cell into a float, or ``None`` for a missing value.

    ``None`` (TypedDataSet) and the CBS markers ``.``, ``x``, ``-``, ``?`` (UntypedDataSet, padded
    with spaces) are missing. Missing values must become absent rows, never 0.
    """
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        value = float(raw)
        return None if math.isnan(value) else value
    text = str(raw).strip()
    if text in MISSING_MARKERS:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return None if math.isnan(value) else value


def period_code(year: str, suffix: str = "JJ00") -> str:
    """The CBS period code of a year (``"2015"`` -> ``"2015JJ00"``; ``suffix="HJ01"``: first half year)."""
    return f"{year}{suffix}"


def build_filter(region_dim: str, period_dim: str | None, periods: list[str], fixed: dict[str, str],
                 period_suffix: str = "JJ00") -> str:
    """Build the ``$filter``: gemeenten and the national row, the wanted years, fixed dimensions."""
    parts = [f"(substringof('GM',{region_dim}) or substringof('NL',{region_dim}))"]
    if period_dim and periods:
        parts.append("(" + " or ".join(f"{period_dim} eq '{period_code(p, period_suffix)}'" for p in periods) + ")")
    parts.extend(f"{dim} eq '{code}'" for dim, code in sorted(fixed.items()))
    return " and ".join(parts)
