"""Network behaviour shared by the CBS and PDOK downloads: timeouts, retries, offline detection."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, TypeVar

import requests

from .errors import IngestError, OfflineError

T = TypeVar("T")
RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


def _status_of(exc: BaseException) -> int | None:
    """Return the HTTP status behind ``exc`` (cbsodata re-raises HTTPError without a response)."""
    for err in (exc, exc.__cause__):
        response = getattr(err, "response", None)
        if response is not None and getattr(response, "status_code", None):
            return int(response.status_code)
    return None


def classify(exc: BaseException) -> str:
    """Sort a failed request into ``"offline"``, ``"retry"`` or ``"fatal"``.

    Parameters
    ----------
    exc
        The exception raised by the request (requests or JSON decoding).

    Returns
    -------
    str
        ``"offline"`` for a connection that could not be made at all (DNS failure, refused),
        ``"retry"`` for timeouts, dropped connections, HTTP 429/5xx and truncated JSON,
        ``"fatal"`` for other HTTP errors (e.g. 404: the table does not exist).
    """
    if isinstance(exc, requests.Timeout):
        return "retry"
    if isinstance(exc, requests.ConnectionError):
        return "offline"
    if isinstance(exc, requests.HTTPError):
        status = _status_of(exc)
        return "retry" if status is None or status in RETRY_STATUS else "fatal"
    return "retry"


@dataclass
class NetworkPolicy:
    """How requests are made: timeout per request, retries with exponential backoff.

    Attributes
    ----------
    timeout
        Seconds to wait for a connection or a response (passed to requests).
    retries
        Extra attempts after the first one for transient failures.
    backoff
        Delay before the first retry in seconds; doubled for every further retry.
    sleep
        The function used to wait (replaced in tests).
    online
        Set once any request succeeded. Before that, a connection error means "offline" and stops
        the run at once; afterwards it is treated as transient and retried.
    """

    timeout: float = 60.0
    retries: int = 4
    backoff: float = 2.0
    sleep: Callable[[float], None] = time.sleep
    online: bool = False
    log: list[str] = field(default_factory=list)

    def call(self, what: str, host: str, func: Callable[..., T], *args, **kwargs) -> T:
        """Run ``func(*args, **kwargs)`` with retries.

        Parameters
        ----------
        what
            A description for messages, e.g. ``"85984NED DataProperties"``.
        host
            The host contacted (named in the offline message).
        func, args, kwargs
            The request to make.

        Raises
        ------
        OfflineError
            If the very first contact fails with a connection error.
        IngestError
            If the request still fails after all retries, or fails permanently (HTTP 404...).
        """
        attempt = 0
        while True:
            try:
                result = func(*args, **kwargs)
            except (requests.RequestException, ValueError) as exc:
                kind = classify(exc)
                if kind == "offline" and not self.online:
                    raise OfflineError(host) from exc
                if kind == "fatal" or attempt >= self.retries:
                    raise IngestError(
                        f"Download mislukt / download failed: {what} ({host}) after {attempt + 1} "
                        f"attempt(s): {exc}. The previous snapshot was left untouched; run the same "
                        "command again to resume (finished tables are not fetched again)."
                    ) from exc
                delay = self.backoff * (2 ** attempt)
                self.log.append(f"{what}: {type(exc).__name__}, retry {attempt + 1} in {delay:g} s")
                self.sleep(delay)
                attempt += 1
                continue
            self.online = True
            return result
