"""RegionProfile on the real data: every figure checked against the values table it comes from."""

from __future__ import annotations

import pandas as pd
import pytest

from monitor.story import gather as story
from monitor import wording
from monitor.errors import UnknownKeyError
from monitor.profile import CLASSES, JUDGED, region_profile


def _region_rows(monitor, region_id):
    values = monitor.values
    return values[(values["level"] == "regio") & (values["code"] == region_id) & values["value"].notna()]


def test_latest_year_and_nederland_per_indicator(monitor):
    profile = region_profile(monitor, "twente")
    rows = _region_rows(monitor, "twente")
    latest = rows.groupby("indicator", observed=True)["year"].max()
    assert list(profile.rows["indicator"]) == [i for i in monitor.catalogue.ids() if i in latest.index]
    for r in profile.rows.itertuples():
        assert r.year == latest[r.indicator]
        national = monitor.national(r.indicator, r.year)
        assert r.nl_value == pytest.approx(national["value"])
        assert r.nl_source == national["nl_source"]
        own = rows[(rows["indicator"] == r.indicator) & (rows["year"] == r.year)].iloc[0]
        assert r.value == own["value"]
        if pd.notna(r.diff):
            assert r.diff == pytest.approx(r.value - r.nl_value)


def test_programme_values_rank_and_ranked_count(monitor):
    profile = region_profile(monitor, "zuid_limburg")
    values = monitor.values
    row = profile.row("werkloosheid")
    year = int(row["year"])
    programme = values[(values["level"] == "programma") & (values["indicator"] == "werkloosheid")
                       & (values["year"] == year)].set_index("code")["value"]
    assert row["npvr_value"] == pytest.approx(programme["npvr"])
    assert row["overig_value"] == pytest.approx(programme["overig"])
    regions = monitor.table("werkloosheid", year, "regio")
    assert row["ranked"] == int(regions["rank"].notna().sum()) == 11
    assert row["with_value"] == int(regions["value"].notna().sum())
    assert row["rank"] == regions.set_index("code").loc["zuid_limburg", "rank"]
    assert row["goal_title"] == f"3. {monitor.indicator('werkloosheid').goal_text}"
    assert row["theme_title"] == monitor.catalogue.theme_title(monitor.indicator('werkloosheid').theme)



def test_neutral_indicators_have_no_rank(monitor):
    """Issue 24: "Plaats 8 van 11 (neutraal)" means nothing; neutral indicators are not ranked."""
    neutral = [i.id for i in monitor.catalogue.indicators if i.direction == "neutral"]
    values = monitor.values
    regions = values[(values["level"] == "regio") & values["indicator"].isin(neutral) & values["value"].notna()]
    assert len(regions) and regions["rank"].isna().all()
    assert region_profile(monitor, "zuid_limburg").row("aandeel_65_plus")["ranked"] == 0

def test_coverage_old_data_and_counts_worded(monitor):
    profile = region_profile(monitor, "zeeuws_vlaanderen")
    assert wording.value(monitor.indicator("bevolking"), profile.row("bevolking")["value"]) == "106.125 inwoners"
    trust = profile.row("vertrouwen_instituties")
    assert wording.percent(trust["coverage"]) == "52%"
    assert trust["verdict"] is None and trust["klasse"] == "zonder_oordeel" and pd.isna(trust["rank"])
    nature = profile.row("natuur_en_bos")
    assert nature["year"] == 2017 and nature["old"]
    assert not region_profile(monitor, "zeeuws_vlaanderen", 2020).rows["old"].any(), "a chosen year is not old"


def test_missing_indicators_have_reasons(monitor):
    profile = region_profile(monitor, "zeeuws_vlaanderen")
    present = set(profile.rows["indicator"])
    assert present.isdisjoint(profile.missing)
    assert present | set(profile.missing) == set(monitor.catalogue.ids())
    assert profile.missing and all(isinstance(r, str) for r in profile.missing.values())
    assert profile.row(next(iter(profile.missing))) is None


def test_year_profile_holds_only_that_year(monitor):
    profile = region_profile(monitor, "twente", 2020)
    assert (profile.rows["year"] == 2020).all()
    expected = set(_region_rows(monitor, "twente").query("year == 2020")["indicator"].astype(str))
    assert set(profile.rows["indicator"]) == expected


def test_counts_are_the_stacking_counts(monitor):
    tables = story.story_for(monitor)
    stacking = tables.stacking
    for region_id in monitor.regions.ids():
        profile = region_profile(monitor, region_id)
        total = stacking[(stacking["regio"] == region_id) & (stacking["doel"] == "totaal")].iloc[0]
        for group, column in (("goal", "doel"), ("theme", "thema")):
            counts = profile.counts(group)  # over the kernset, like the stacking (issue 22: rule changed)
            assert counts["indicatoren"].sum() == len(monitor.catalogue.kernset_ids())
            assert profile.counts(group, kernset=False)["indicatoren"].sum() == len(monitor.catalogue.indicators)
            for klasse in CLASSES:
                assert counts[klasse].sum() == total[klasse]
            parts = stacking[(stacking["regio"] == region_id) & (stacking["doel"] != "totaal")]
            by_group = parts.groupby(column)["ongunstiger"].sum()
            assert {str(k): v for k, v in counts["ongunstiger"].items()} == by_group.to_dict()
    counts = region_profile(monitor, "twente").counts("goal")
    assert list(counts.index) == [1, 2, 3]
    assert (counts["beoordeeld"] == counts[list(JUDGED)].sum(axis=1)).all()


def test_unfavourable_counts_only_groups_with_a_verdict(monitor):
    profile = region_profile(monitor, "zeeuws_vlaanderen")
    unfavourable = profile.unfavourable("theme")
    core = set(monitor.catalogue.kernset_ids())  # the counts are over the kernset (issue 22: rule changed)
    judged = profile.rows[profile.rows["verdict"].isin(JUDGED) & profile.rows["indicator"].isin(core)]
    by_theme = judged.groupby("theme_title", sort=False)["verdict"]
    assert list(unfavourable["label"]) == list(by_theme.size().index)
    assert list(unfavourable["beoordeeld"]) == list(by_theme.size())
    assert list(unfavourable["ongunstiger"]) == [int((v == "ongunstiger").sum()) for _t, v in by_theme]
    assert unfavourable["text"].iloc[0] == f"{unfavourable['ongunstiger'].iloc[0]} van {unfavourable['beoordeeld'].iloc[0]}"


def test_unknown_region_and_cache(monitor):
    with pytest.raises(UnknownKeyError):
        region_profile(monitor, "atlantis")
    assert region_profile(monitor, "twente") is region_profile(monitor, "twente")
    with pytest.raises(ValueError, match="theme, goal"):
        region_profile(monitor, "twente").counts("provincie")
