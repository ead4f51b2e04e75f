"""Errors of the live ingest."""

from __future__ import annotations

from ..errors import MonitorError


class IngestError(MonitorError):
    """A download failed or the downloaded data do not fit the source register."""


class OfflineError(IngestError):
    """The source cannot be reached at all (no network, DNS failure, connection refused)."""

    def __init__(self, host: str, waited: float | None = None):
        super().__init__(offline_message(host, waited))
        self.host = host


_ADVICE_NL = (
    "'python -m monitor snapshot --out' downloadt live bij CBS/PDOK en heeft internet nodig. Gebruik zonder "
    "internet een bestaande snapshot: geef die op met --snapshot DIR of met de omgevingsvariabele NPVR_SNAPSHOT "
    "(bijv. ../shared/npvr-snapshot); de vorige snapshot is niet aangeraakt."
)
_ADVICE_EN = (
    "'python -m monitor snapshot --out' downloads live from CBS/PDOK and needs internet. Without internet, use "
    "an existing snapshot: pass it with --snapshot DIR or the environment variable NPVR_SNAPSHOT (e.g. "
    "../shared/npvr-snapshot); the previous snapshot was left untouched."
)


def offline_message(host: str, waited: float | None = None) -> str:
    """Return the bilingual message shown when ``host`` cannot be reached or does not answer.

    ``waited`` (seconds) says the connection was made but no answer came in that time.
    """
    if waited is not None:
        return (f"Geen antwoord van {host} na {waited:.0f} s: de server reageert niet. {_ADVICE_NL}\n"
                f"No answer from {host} after {waited:.0f} s: the server does not respond. {_ADVICE_EN}")
    return f"Geen verbinding met {host}: {_ADVICE_NL}\nNo connection to {host}: {_ADVICE_EN}"
