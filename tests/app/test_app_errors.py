"""Errors reach the user as Dutch messages, never as tracebacks."""

from support.app_testing import start

from dashboard import state


def test_missing_snapshot_says_how_to_set_npvr_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv("NPVR_SNAPSHOT", str(tmp_path / "bestaat-niet"))
    state.get_monitor.clear()
    try:
        at = start()
        assert not at.exception
        message = at.error[0].value
        assert "NPVR_SNAPSHOT" in message and "niet tonen" in message
    finally:
        monkeypatch.undo()
        state.get_monitor.clear()
