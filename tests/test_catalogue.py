"""Schema and cross-reference tests over the whole indicator catalogue (indicators/*.yaml)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from monitor.catalogue import GOALS, check_against_snapshot, load_catalogue
from monitor.config import INDICATOR_DIR
from monitor.errors import CatalogueError

REQUIRED_IDS = [
    "bevolking", "aandeel_0_tot_15", "aandeel_15_tot_25", "aandeel_65_plus", "aandeel_80_plus", "grijze_druk",
    "groene_druk", "bevolkingsgroei", "natuurlijke_aanwas", "migratiesaldo",
    "verandering_aandeel_65_plus_10j", "verandering_aandeel_0_tot_15_10j",
    "afstand_huisartsenpraktijk", "tevredenheid_leven",
]


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def test_catalogue_is_valid_and_large_enough(catalogue):
    assert len(catalogue.indicators) >= 45
    assert {t.theme for t in catalogue.themes} >= {"demografie", "voorzieningen", "brede_welvaart", "wonen_inkomen"}
    for required in REQUIRED_IDS:
        catalogue.get(required)


def test_every_indicator_is_complete(catalogue):
    for ind in catalogue.indicators:
        assert ind.title and ind.description and ind.unit, ind.id
        assert ind.direction in ("higher", "lower", "neutral")
        assert ind.goal in GOALS
        assert ind.sources or ind.change, ind.id


def test_all_37_brede_welvaart_measures_are_used(catalogue, monitor):
    rmbw = set(monitor.snapshot.measures.loc[monitor.snapshot.measures["dataset"] == "cbs_rmbw_gemeente", "measure"])
    used = {s.measure for i in catalogue.indicators for s in i.sources if s.dataset == "cbs_rmbw_gemeente"}
    assert len(rmbw) == 37 and rmbw <= used


def test_every_reference_resolves_in_the_snapshot(catalogue, monitor):
    assert check_against_snapshot(catalogue, monitor.snapshot.measures) == []


def test_every_indicator_has_data_for_at_least_one_year(catalogue, monitor):
    empty = [ind.id for ind in catalogue.indicators if not monitor.years(ind.id)]
    assert empty == []


def _copy_catalogue(tmp_path):
    target = tmp_path / "indicators"
    shutil.copytree(INDICATOR_DIR, target)
    return target


def _edit(path, change):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_unknown_measure_is_reported_with_indicator(tmp_path, monitor):
    folder = _copy_catalogue(tmp_path)
    _edit(folder / "demografie.yaml", lambda d: d["indicators"][1]["sources"][0].update(numerator=["Bestaat_Niet_99"]))
    problems = check_against_snapshot(load_catalogue(folder), monitor.snapshot.measures)
    assert problems == ["aandeel_0_tot_15: unknown measure 'Bestaat_Niet_99' in dataset 'cbs_70072NED_2015'"]


@pytest.mark.parametrize("change, message", [
    (lambda d: d["indicators"][0].update(direction="up"), "direction"),
    (lambda d: d["indicators"][0].update(id="Bevolking Totaal"), "snake_case"),
    (lambda d: d["indicators"][1].pop("unit"), "unit"),
    (lambda d: d["indicators"][1].update(goal=4), "goal"),
    (lambda d: d["indicators"][1]["sources"][0].update(measure="x"), "not both"),
    (lambda d: d["indicators"].append(dict(d["indicators"][1])), "more than once"),
])
def test_schema_violations_name_the_indicator(tmp_path, change, message):
    folder = _copy_catalogue(tmp_path)
    _edit(folder / "demografie.yaml", change)
    with pytest.raises(CatalogueError, match=message):
        load_catalogue(folder)


def test_yaml_syntax_error_names_the_file(tmp_path):
    folder = _copy_catalogue(tmp_path)
    (folder / "demografie.yaml").write_text("theme: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogueError, match="demografie.yaml"):
        load_catalogue(folder)
