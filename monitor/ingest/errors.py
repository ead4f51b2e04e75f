"""Errors of the live ingest."""

from __future__ import annotations

from ..errors import MonitorError


class IngestError(MonitorError):
    """A download failed or the downloaded data do not fit the source register."""


class OfflineError(IngestError):
    """The source cannot be reached at all (no network, DNS failure, connection refused)."""

    def __init__(self, host: str):
        super().__init__(offline_message(host))
        self.host = host


def offline_message(host: str) -> str:
    """Return the bilingual message shown when ``host`` cannot be reached."""
    return (
        f"Geen verbinding met {host}: 'python -m monitor snapshot --out' downloadt live bij CBS/PDOK "
        "en heeft internet nodig. Gebruik zonder internet een bestaande snapshot: geef die op met "
        "--snapshot DIR of met de omgevingsvariabele NPVR_SNAPSHOT (bijv. ../shared/npvr-snapshot); "
        "de vorige snapshot is niet aangeraakt.\n"
        f"No connection to {host}: 'python -m monitor snapshot --out' downloads live from CBS/PDOK and "
        "needs internet. Without internet, use an existing snapshot: pass it with --snapshot DIR or the "
        "environment variable NPVR_SNAPSHOT (e.g. ../shared/npvr-snapshot); the previous snapshot was "
        "left untouched."
    )
