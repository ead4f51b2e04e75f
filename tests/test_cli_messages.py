"""The command line speaks Dutch, also in argparse's own errors (exit code 2, usage first)."""

import pytest

from monitor.cli import dutch_message, main


@pytest.mark.parametrize("argv, dutch", [
    (["export"], "deze argumenten ontbreken: --out"),
    (["bogus"], "ongeldige keuze 'bogus'"),
    (["validate", "--nope"], "onbekende argumenten: --nope"),
])
def test_usage_errors_are_dutch(capsys, argv, dutch):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage:") and dutch in err and "fout / error:" in err and "--help" in err


def test_unknown_messages_are_kept():
    assert dutch_message("something new") == "something new"


def test_export_help_names_the_columns_written(capsys):
    from monitor.exports.comparison import COMPARISON_COLUMNS
    from monitor.exports.writer import CSV_COLUMNS

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    text = "".join(capsys.readouterr().out.split())  # argparse wraps (and may break) long words
    assert f"indicatoren.csv({','.join(CSV_COLUMNS)})" in text
    assert f"vergelijking.csv({','.join(COMPARISON_COLUMNS)})" in text
