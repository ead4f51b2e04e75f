"""Schema and cross-reference tests over the whole indicator catalogue (indicators/*.yaml)."""

from __future__ import annotations

import shutil

import pytest
import yaml

from monitor.catalogue import GOALS, check_against_snapshot, dataset_notes, load_catalogue, unpublished_measures
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


def test_all_37_brede_welvaart_measures_are_used_or_refused_with_a_reason(catalogue, monitor):
    rmbw = set(monitor.snapshot.measures.loc[monitor.snapshot.measures["dataset"] == "cbs_rmbw_gemeente", "measure"])
    used = {s.measure for i in catalogue.indicators for s in i.sources if s.dataset == "cbs_rmbw_gemeente"}
    refused = {m for (d, m) in unpublished_measures() if d == "cbs_rmbw_gemeente"}
    assert len(rmbw) == 37 and rmbw == used | refused and not used & refused
    # The four measures the snapshot README forbids are among the refused ones.
    assert {"Update_Greenhouse_gas_emissions", "Update_Recorded_crimes", "Update_Solar_Energy",
            "Update_Nature_area_per_inhabitant"} <= refused
    # Issue 22: victimisation per 100 inhabitants above 100 (Hilversum 2016: 506.7) is unpublished.
    assert "Update_Number_crimes_encountered" in refused and "ondervonden_delicten" not in catalogue.ids()


def test_an_indicator_reading_an_unpublished_measure_is_refused(tmp_path):
    folder = _copy_catalogue(tmp_path)
    _edit(folder / "brede_welvaart.yaml",
          lambda d: d["indicators"][0]["sources"][0].update(measure="Update_Recorded_crimes"))
    with pytest.raises(CatalogueError, match="must not be published"):
        load_catalogue(folder)


def test_every_indicator_has_a_range_and_a_reason_for_its_direction(catalogue):
    for ind in catalogue.indicators:
        low, high = ind.valid_range
        assert low is not None or high is not None or ind.id in {"bevolkingsgroei", "natuurlijke_aanwas", "migratiesaldo"}, ind.id
        assert len(ind.direction_reason) >= 10, ind.id
        if ind.unit.startswith("%"):
            assert (low, high) == (0, 100), ind.id
        if ind.unit == "km":
            assert low == 0, ind.id
    age = ["aandeel_0_tot_15", "aandeel_15_tot_25", "aandeel_65_plus", "aandeel_80_plus", "grijze_druk",
           "groene_druk", "verandering_aandeel_65_plus_10j", "verandering_aandeel_0_tot_15_10j",
           "gemiddelde_schuld", "leegstand_woningen"]
    assert {catalogue.get(i).direction for i in age} == {"neutral"}


def test_a_series_break_is_named_by_its_year_once(catalogue):
    from monitor.catalogue import SeriesBreak

    assert SeriesBreak(year=2020, note="2020: 18 jaar of ouder, 2016: 19").text == "2020: 18 jaar of ouder, 2016: 19"
    assert SeriesBreak(year=2021, note="Vanaf 2021 weer de oude selectie").text == "2021: Vanaf 2021 weer de oude selectie"
    texts = [b.text for ind in catalogue.indicators for b in ind.breaks]
    assert len(texts) > 10 and not [t for t in texts if t[:6] == t[6:12]]


def test_area_shares_are_weighted_by_land_area(catalogue):
    # Issue 22: shares of land and amounts per km² of land are weighted by land, not land + water
    # (the rule changed from OppervlakteTotaal_122).
    for ind_id in ("natuur_en_bos", "bebouwd_terrein", "fijnstofemissies"):
        ind = catalogue.get(ind_id)
        assert ind.aggregation == "area_mean"
        assert all(s.weight == "OppervlakteLand_123" for s in ind.sources)
    assert {p.value for p in catalogue.get("fijnstofemissies").placeholders} == {100, 200}


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
    (lambda d: d["indicators"][1].pop("valid_range"), "valid_range"),
    (lambda d: d["indicators"][1].update(valid_range=[5, 1]), "lower bound"),
    (lambda d: d["indicators"][1].pop("direction_reason"), "direction_reason"),
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


def test_kernset_has_a_few_different_indicators_per_theme(catalogue):
    # Issue 22: the stacking counts a kernset, not ten to thirty measures of density.
    core = [catalogue.get(i) for i in catalogue.kernset_ids()]
    assert len(core) < len(catalogue.indicators) / 2
    for theme in catalogue.themes:
        mine = [i for i in core if i.theme == theme.theme]
        assert 1 <= len(mine) <= 10, theme.theme
    assert not [i.id for i in core if i.aggregation in ("sum", "change")]
    density = [i.id for i in core if i.id.startswith(("afstand_", "aantal_", "banen_binnen"))]
    assert len(density) <= 5
    assert not {"geboorten", "natuurlijke_aanwas"} & {i.id for i in core}  # they follow the age structure


def test_no_index_for_balances_and_changes(catalogue):
    # Issue 22: natural increase 2020 was index -3,394,939 (Nederland 0.0002 per 1 000).
    for ind_id in ("bevolkingsgroei", "natuurlijke_aanwas", "migratiesaldo", "verandering_aandeel_65_plus_10j"):
        assert not catalogue.get(ind_id).has_index
    assert catalogue.get("werkloosheid").has_index and catalogue.get("aandeel_65_plus").has_index
    for ind in catalogue.indicators:
        if ind.aggregation == "change" or ind.valid_range[0] is None or ind.valid_range[0] < 0:
            assert not ind.has_index, ind.id


def test_index_true_is_refused_for_a_balance(tmp_path):
    folder = _copy_catalogue(tmp_path)
    _edit(folder / "demografie.yaml",
          lambda d: next(i for i in d["indicators"] if i["id"] == "natuurlijke_aanwas").update(index=True))
    with pytest.raises(CatalogueError, match="index"):
        load_catalogue(folder)


def test_documentation_matches_the_data(catalogue, monitor):
    # Issue 22: a description names only years the indicator has; a note that says Nederland is
    # CBS's figure holds in every year (mediaan_besteedbaar_huishoudinkomen said so and computed it;
    # the sports-field and green-space descriptions named the RMBW's 2015 and 2017).
    import re

    for ind in catalogue.indicators:
        years = {int(y) for y in re.findall(r"\b(20[12]\d)\b", ind.description)}
        assert years <= set(monitor.years(ind.id)), (ind.id, sorted(years - set(monitor.years(ind.id))))
        note = " ".join((ind.note or "").split()).lower()
        if re.search(r"(nederland is het cijfer van cbs|landcijfer is dat van cbs|landelijke cijfer is dat van cbs)",
                     note):
            national = monitor.rows(ind.id)
            national = national[national["level"] == "nederland"]
            assert (national["nl_source"] == "CBS").all(), ind.id
    for ind_id in ("afstand_sportterrein", "afstand_openbaar_groen"):
        assert "80305NED" in catalogue.get(ind_id).description
    assert "berekend" in catalogue.get("mediaan_besteedbaar_huishoudinkomen").note


def test_every_dataset_has_a_short_dutch_note(monitor):
    """Issue 24: the snapshot's notes are English; every dataset gets a short Dutch note (indicators/
    dataset_notes.yaml), shown first in the app and the workbook, and none names a dataset the snapshot lacks."""
    import re

    notes = dataset_notes()
    datasets = set(monitor.snapshot.datasets["dataset"])
    assert sorted(datasets - set(notes)) == [], "datasets without a Dutch note"
    assert sorted(set(notes) - datasets) == [], "notes for datasets the snapshot does not have"
    english = re.compile(r"\b(the|only|and|not|kept|cut|rows|missing|dropped|measure|with)\b")  # "of" is Dutch too
    for dataset, note in notes.items():
        assert 30 <= len(note) <= 400, dataset  # short: the English original stays beside it
        assert not english.search(note), f"{dataset}: English in the Dutch note: {english.findall(note)}"


def test_dataset_notes_file_is_not_a_theme_and_a_broken_one_is_named(tmp_path):
    (tmp_path / "dataset_notes.yaml").write_text("notes: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="dataset_notes.yaml"):
        dataset_notes(tmp_path)
    assert dataset_notes(tmp_path / "absent") == {}
