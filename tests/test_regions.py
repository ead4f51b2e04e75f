"""The region membership table in data/regions/ (the project's own, user-editable copy)."""

from __future__ import annotations

import pytest

from monitor.errors import RegionTableError, UnknownKeyError
from monitor.regions import check_regions, load_regions

NPVR_REGIONS = {
    "Achterhoek", "Kop van Noord-Holland", "Midden-Limburg", "Noard-Fryslân", "Noord- en Oost-Groningen",
    "Noord-Limburg", "Regio Emmen", "Twente", "Zeeuws-Vlaanderen", "Zuid-Limburg", "Zuidoost-Fryslân",
}


def test_eleven_regions_no_gemeente_twice_all_in_2025_boundaries(monitor):
    regions = load_regions()
    assert set(regions.names().values()) == NPVR_REGIONS
    assert not regions.table["gemeente_code"].duplicated().any()
    assert check_regions(regions, set(monitor.snapshot.gemeente_names())) == []
    assert set(regions.table["confidence"]) <= {"high", "medium", "low"}


def test_unknown_region_names_the_known_ones():
    with pytest.raises(UnknownKeyError, match="twente"):
        load_regions().members("atlantis")


def test_gemeente_in_two_regions_is_refused(tmp_path):
    table = load_regions().table.copy()
    moved = table.iloc[0].copy()
    moved["region_id"], moved["region_name"] = "twente", "Twente"
    path = tmp_path / "regions.csv"
    table._append(moved).to_csv(path, index=False)
    with pytest.raises(RegionTableError, match=f"{moved['gemeente_code']}"):
        load_regions(path)


def test_bad_code_and_missing_member(tmp_path, monitor):
    table = load_regions().table.copy()
    table.loc[0, "gemeente_code"] = "GM12"
    path = tmp_path / "regions.csv"
    table.to_csv(path, index=False)
    with pytest.raises(RegionTableError, match="GM12"):
        load_regions(path)
    table.loc[0, "gemeente_code"] = "GM9999"
    table.to_csv(path, index=False)
    problems = check_regions(load_regions(path), set(monitor.snapshot.gemeente_names()))
    assert problems == ["gemeente codes not in the 2025 boundaries: GM9999"]
