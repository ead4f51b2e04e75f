"""Gemeente boundaries from PDOK: CBS gebiedsindelingen, generalised gemeente layer, RD New."""

from __future__ import annotations

import re

import requests

from .cache import DownloadCache
from .errors import IngestError
from .network import NetworkPolicy
from .register import BoundarySpec

PAGE_SIZE = 1000
CRS = "EPSG:28992"
GM_CODE = re.compile(r"^GM\d{4}$")


def _host(url: str) -> str:
    return url.split("/")[2] if "://" in url else url


def fetch_features(spec: BoundarySpec, year: int, policy: NetworkPolicy, cache: DownloadCache,
                   session: requests.Session | None = None) -> list[dict]:
    """Download the gemeente features of ``year`` as GeoJSON features in EPSG:28992.

    Uses WFS 2.0 GetFeature with JSON output, paged by ``count``/``startIndex``. The result is
    cached, so a resumed run does not download it again.
    """
    name = f"pdok/gemeenten_{year}"
    cached = cache.get(name)
    if cached is not None:
        return cached
    url = spec.wfs_url.format(year=year)
    session = session or requests.Session()
    features: list[dict] = []
    while True:
        params = {
            "service": "WFS", "version": "2.0.0", "request": "GetFeature",
            "typeNames": spec.layer, "outputFormat": "application/json", "srsName": CRS,
            "count": str(PAGE_SIZE), "startIndex": str(len(features)),
        }

        def get() -> dict:
            response = session.get(url, params=params, timeout=policy.timeouts)  # noqa: B023 (called at once, in this iteration)
            response.raise_for_status()
            return response.json()

        page = policy.call(f"PDOK gemeenten {year}", _host(url), get).get("features") or []
        features.extend(page)
        if len(page) < PAGE_SIZE:
            break
    cache.put(name, features)
    return features


def features_to_frame(features: list[dict], spec: BoundarySpec, year: int):
    """Turn PDOK features into the snapshot's boundary table.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``gemeente_code``, ``gemeente_name``, ``geometry`` in EPSG:28992, one row per GM code.

    Raises
    ------
    IngestError
        If no gemeente was returned, a code is malformed or repeated, or a property is missing.
    """
    import geopandas as gpd

    if not features:
        raise IngestError(f"PDOK returned no gemeenten for {year}: is {year} published yet? Try --boundary-year.")
    frame = gpd.GeoDataFrame.from_features(features, crs=CRS)
    missing = {spec.code_field, spec.name_field} - set(frame.columns)
    if missing:
        raise IngestError(f"PDOK gemeente features lack {', '.join(sorted(missing))}; update 'boundaries' in the register.")
    frame = frame.rename(columns={spec.code_field: "gemeente_code", spec.name_field: "gemeente_name"})
    frame["gemeente_code"] = frame["gemeente_code"].astype(str).str.strip()
    frame["gemeente_name"] = frame["gemeente_name"].astype(str).str.strip()
    bad = sorted(c for c in frame["gemeente_code"] if not GM_CODE.match(c))
    if bad:
        raise IngestError(f"PDOK gemeente codes not of the form GM####: {', '.join(bad[:5])}")
    if frame["gemeente_code"].duplicated().any():
        frame = frame.dissolve(by="gemeente_code", as_index=False, aggfunc="first")
    minx, miny, maxx, maxy = frame.total_bounds
    if maxx < 400 and maxy < 400:  # served in degrees despite srsName: reproject
        frame = frame.set_crs("EPSG:4326", allow_override=True).to_crs(CRS)
    frame = frame[["gemeente_code", "gemeente_name", "geometry"]].sort_values("gemeente_code")
    return frame.reset_index(drop=True)
