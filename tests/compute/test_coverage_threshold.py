"""No verdict and no rank below the documented coverage threshold (monitor.compute.compare), on the real snapshot."""

from monitor.compute.compare import MIN_COVERAGE_FOR_VERDICT, judged


def test_low_coverage_has_a_value_but_no_verdict_and_no_rank(monitor):
    values = monitor.values
    regions = values[(values["level"] == "regio") & values["value"].notna()]
    low = regions[regions["coverage"] < MIN_COVERAGE_FOR_VERDICT]
    assert len(low) > 0, "the real data have survey values on part of a region"
    assert low["verdict"].isna().all() and low["rank"].isna().all()
    trust = regions[(regions["indicator"] == "vertrouwen_instituties") & (regions["year"] == 2023)].set_index("code")
    assert round(trust.loc["zeeuws_vlaanderen", "coverage"], 2) == 0.52
    assert trust.loc["zeeuws_vlaanderen", "rank"] is None or str(trust.loc["zeeuws_vlaanderen", "rank"]) == "<NA>"


def test_the_others_are_ranked_among_themselves(monitor):
    values = monitor.values
    ranked = values[(values["level"] == "regio") & values["rank"].notna()]
    for _key, group in ranked.groupby(["indicator", "year"], observed=True):
        ranks = sorted(int(r) for r in group["rank"])
        assert ranks[0] == 1 and ranks[-1] <= len(group), _key
    assert judged(ranked["coverage"]).all()
