"""The nulmeting (baseline) and voortgang (progress): ``python -m monitor nulmeting``.

The voortgang verdicts are tested on hand-made, SYNTHETIC baseline and newer values (labelled as
such below: not CBS figures); the baseline's coverage of regions, kernset and years on the real
snapshot; freezing in a temporary folder (never in data/nulmeting/).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from monitor.cli import main
from monitor.plan import nulmeting
from monitor.plan.nulmeting import (NULMETING_COLUMNS, VOORTGANG_COLUMNS, favourable, kernset_ids, progress_table,
                                    progress_verdict)

# --- SYNTHETIC: hand-made baseline and newer values (not CBS data) --------------------------------------
# One row per case; tolerance 0.5 for every synthetic indicator ("syn_*"), series break at 2025 for syn_break.
SYNTHETIC_TOLERANCE = 0.5
SYNTHETIC_CASES = [
    # case,            base year, now year, base gap, now gap, base cov, now cov, expected verdict
    ("narrowed",            2022, 2024, -3.0, -1.0, 1.0, 1.0, "kloof_kleiner"),
    ("narrowed_ahead",      2022, 2024, +3.0, +1.0, 1.0, 1.0, "kloof_kleiner"),
    ("widened",             2022, 2024, -1.0, -2.0, 1.0, 1.0, "kloof_groter"),
    ("crossed",             2022, 2024, -2.0, +1.5, 1.0, 1.0, "kloof_overgestoken"),
    ("within_tolerance",    2022, 2024, -2.0, -1.6, 1.0, 1.0, "binnen_marge"),
    ("both_near_nl",        2022, 2024, -0.4, +0.4, 1.0, 1.0, "binnen_marge"),
    ("thin_coverage_now",   2022, 2024, -3.0, -1.0, 0.95, 0.55, "dekking_te_laag"),
    ("thin_coverage_base",  2022, 2024, -3.0, -1.0, 0.70, 0.95, "dekking_te_laag"),
    ("no_newer_figure",     2024, 2024, -3.0, -3.0, 1.0, 1.0, "geen_nieuwer_cijfer"),
    ("series_break",        2022, 2026, -3.0, -1.0, 1.0, 1.0, "reeksbreuk"),
]


def synthetic_tables():
    """SYNTHETIC baseline and current tables in the nulmeting layout, one indicator per case."""
    base, now = [], []
    for case, y0, y1, g0, g1, c0, c1, _ in SYNTHETIC_CASES:
        ind = "syn_break" if case == "series_break" else f"syn_{case}"
        base.append(["synthetische_regio", ind, y0, 50.0 + g0, 50.0, g0, None, c0, np.nan, np.nan, "SYNTHETISCH"])
        now.append(["synthetische_regio", ind, y1, 51.0 + g1, 51.0, g1, None, c1, np.nan, np.nan, "SYNTHETISCH"])
    frame = lambda rows: pd.DataFrame(rows, columns=NULMETING_COLUMNS).astype({"jaar": "Int64"})  # noqa: E731
    return frame(base), frame(now)


@pytest.mark.parametrize("case", SYNTHETIC_CASES, ids=[c[0] for c in SYNTHETIC_CASES])
def test_progress_verdict_on_synthetic_values(case):
    _, y0, y1, g0, g1, c0, c1, expected = case
    breaks = (2025,) if case[0] == "series_break" else ()
    assert progress_verdict(y0, y1, g0, g1, c0, c1, SYNTHETIC_TOLERANCE, breaks) == expected


def test_progress_table_on_synthetic_values():
    base, now = synthetic_tables()
    indicators = list(base["indicator"])
    table = progress_table(base, now, {i: SYNTHETIC_TOLERANCE for i in indicators}, {"syn_break": (2025,)})
    assert list(table.columns) == VOORTGANG_COLUMNS
    assert list(table["oordeel"]) == [c[-1] for c in SYNTHETIC_CASES]
    narrowed = table.iloc[0]
    # SYNTHETIC: region 47 -> 50, Nederland 50 -> 51: the region rose 3, Nederland 1, the gap went -3 -> -1.
    assert narrowed["waarde_nulmeting"] == 47.0 and narrowed["waarde_nu"] == 50.0
    assert narrowed["verandering"] == pytest.approx(3.0) and narrowed["verandering_nederland"] == pytest.approx(1.0)
    assert (narrowed["kloof_nulmeting"], narrowed["kloof_nu"]) == (-3.0, -1.0)


def test_progress_without_a_current_figure_is_missing_not_zero():
    base, now = synthetic_tables()
    table = progress_table(base, now.iloc[1:], {i: SYNTHETIC_TOLERANCE for i in base["indicator"]})
    first = table.iloc[0]
    assert first["oordeel"] == "geen_gegevens" and pd.isna(first["verandering"]) and pd.isna(first["jaar_nu"])


def test_favourable_follows_the_direction():
    assert favourable("higher", -3.0, -1.0) is True      # behind on a higher-is-better indicator, catching up
    assert favourable("lower", -3.0, -1.0) is False      # ahead on a lower-is-better indicator, losing the lead
    assert favourable("neutral", -3.0, -1.0) is None


# --- which indicators: the kernset -----------------------------------------------------------------

def test_kernset_is_the_catalogues_core_set(monitor):
    catalogue = monitor.catalogue
    marked = [i.id for i in catalogue.indicators if i.kernset]
    assert 0 < len(marked) < len(catalogue.indicators)  # a real selection, not everything
    assert kernset_ids(catalogue) == marked == catalogue.kernset_ids()
    assert "kernset" in nulmeting.kernset_source(catalogue)


# --- the baseline on the real snapshot ---------------------------------------------------------------

def test_baseline_covers_every_region_and_kernset_indicator_up_to_the_peiljaar(monitor):
    table = nulmeting.baseline_table(monitor, 2024)
    kernset = kernset_ids(monitor.catalogue)
    assert list(table.columns) == NULMETING_COLUMNS
    assert len(table) == len(monitor.regions.ids()) * len(kernset)
    assert set(table["regio"]) == set(monitor.regions.ids()) and set(table["indicator"]) == set(kernset)
    assert table["jaar"].dropna().max() <= 2024
    values = monitor.values
    for row in table.dropna(subset=["waarde"]).sample(20, random_state=1).itertuples():
        rows = values[(values["level"] == "regio") & (values["code"] == row.regio)
                      & (values["indicator"] == row.indicator) & values["value"].notna() & (values["year"] <= 2024)]
        newest = rows.sort_values("year").iloc[-1]
        assert (row.jaar, row.waarde, row.nederland) == (newest["year"], newest["value"], newest["nl_value"])
    missing = table[table["waarde"].isna()]
    assert missing["bron"].str.startswith("geen cijfer t/m 2024: ").all()


def test_earlier_peiljaar_gives_earlier_years(monitor):
    table = nulmeting.baseline_table(monitor, 2020)
    assert table["jaar"].dropna().max() <= 2020


@pytest.mark.parametrize("peiljaar", [1850, 1999])
def test_peiljaar_outside_the_range_or_data_is_refused(monitor, peiljaar):
    with pytest.raises(nulmeting.UnknownKeyError, match="peiljaar"):
        nulmeting.baseline_table(monitor, peiljaar)


# --- frozen baseline and command line -----------------------------------------------------------------

@pytest.fixture
def cli_monitor(monitor, monkeypatch):
    monkeypatch.setattr("monitor.data.load_monitor", lambda *args, **kwargs: monitor)
    return monitor


def test_freeze_then_refuse_then_force(cli_monitor, tmp_path, capsys):
    frozen = tmp_path / "nulmeting"
    assert main(["nulmeting", "--freeze", "--into", str(frozen)]) == 0
    meta = json.loads((frozen / "nulmeting.json").read_text(encoding="utf-8"))
    assert meta["peiljaar"] == 2024 and meta["snapshot_versie"] == cli_monitor.snapshot.version
    assert meta["snapshot_datum"] == cli_monitor.snapshot.built and meta["vastgelegd"]
    before = (frozen / "nulmeting.csv").read_bytes()
    assert main(["nulmeting", "--freeze", "--peiljaar", "2020", "--into", str(frozen)]) == 2
    assert "already frozen" in capsys.readouterr().err
    assert (frozen / "nulmeting.csv").read_bytes() == before
    assert main(["nulmeting", "--freeze", "--peiljaar", "2020", "--force", "--into", str(frozen)]) == 0
    assert json.loads((frozen / "nulmeting.json").read_text(encoding="utf-8"))["peiljaar"] == 2020


def test_out_uses_the_frozen_baseline_not_the_current_data(cli_monitor, tmp_path, capsys):
    frozen, out = tmp_path / "nulmeting", tmp_path / "uit"
    assert main(["nulmeting", "--freeze", "--into", str(frozen)]) == 0
    # SYNTHETIC edit of the frozen file: pretend the baseline value of the first row was 1.0 lower.
    table = pd.read_csv(frozen / "nulmeting.csv")
    table.loc[0, "waarde"] = table.loc[0, "waarde"] - 1.0
    table.to_csv(frozen / "nulmeting.csv", index=False)
    assert main(["nulmeting", "--out", str(out), "--into", str(frozen)]) == 0
    printed = capsys.readouterr().out
    assert "vastgelegd op" in printed and "Voorlopige" not in printed
    written = pd.read_csv(out / "nulmeting.csv")
    progress = pd.read_csv(out / "voortgang.csv")
    assert list(written.columns) == NULMETING_COLUMNS and list(progress.columns) == VOORTGANG_COLUMNS
    assert written.loc[0, "waarde"] == pytest.approx(table.loc[0, "waarde"])
    assert progress.loc[0, "waarde_nulmeting"] == pytest.approx(table.loc[0, "waarde"])


def test_out_without_frozen_baseline_is_provisional(cli_monitor, tmp_path, capsys):
    out = tmp_path / "uit"
    assert main(["nulmeting", "--out", str(out), "--peiljaar", "2022", "--into", str(tmp_path / "leeg")]) == 0
    assert "Voorlopige nulmeting (peiljaar 2022)" in capsys.readouterr().out
    assert pd.read_csv(out / "nulmeting.csv")["jaar"].max() <= 2022
    progress = pd.read_csv(out / "voortgang.csv")
    assert len(progress) == len(cli_monitor.regions.ids()) * len(kernset_ids(cli_monitor.catalogue))
    assert set(progress["oordeel"]) <= set(nulmeting.PROGRESS_LABELS)
    assert progress["oordeel"].isin(nulmeting.MOVED).any(), "figures of 2023/2024 moved since 2022"


def test_other_peiljaar_than_the_frozen_one_is_refused(cli_monitor, tmp_path, capsys):
    frozen = tmp_path / "nulmeting"
    assert main(["nulmeting", "--freeze", "--into", str(frozen)]) == 0
    assert main(["nulmeting", "--out", str(tmp_path / "uit"), "--peiljaar", "2022", "--into", str(frozen)]) == 2
    assert "frozen nulmeting has peiljaar 2024" in capsys.readouterr().err
    assert not (tmp_path / "uit").exists()


def test_damaged_frozen_baseline_exits_1(cli_monitor, tmp_path, capsys):
    frozen = tmp_path / "nulmeting"
    frozen.mkdir()
    (frozen / "nulmeting.csv").write_text("regio,indicator\nx,y\n")
    (frozen / "nulmeting.json").write_text("{}")
    assert main(["nulmeting", "--out", str(tmp_path / "uit"), "--into", str(frozen)]) == 1
    assert "git checkout" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    ([], "--out DIR"),
    (["--out", "x", "--force"], "--force"),
])
def test_usage_errors(tmp_path, capsys, argv, message):
    with pytest.raises(SystemExit) as exit_:
        main(["nulmeting", *argv])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_bad_peiljaar_exits_2(cli_monitor, tmp_path, capsys):
    assert main(["nulmeting", "--out", str(tmp_path / "uit"), "--peiljaar", "1850"]) == 2
    assert "--peiljaar 1850" in capsys.readouterr().err and not (tmp_path / "uit").exists()
