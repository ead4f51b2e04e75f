"""Network behaviour shared by the CBS and PDOK downloads: timeouts, retries, offline detection."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TypeVar
from collections.abc import Callable

import requests

from .errors import IngestError, OfflineError
from .timeouts import BUDGET, CONNECT_TIMEOUT, FIRST_ANSWER_ATTEMPTS, FIRST_ANSWER_TIMEOUT, HEARTBEAT, READ_TIMEOUT

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
    """How requests are made: timeouts, retries with exponential backoff, a total budget.

    Attributes
    ----------
    timeout
        Seconds to wait for the next bytes of a response (read timeout), once the host answered.
    retries
        Extra attempts after the first one for transient failures.
    backoff
        Delay before the first retry in seconds; doubled for every further retry.
    connect_timeout
        Seconds to open a connection.
    first_timeout, first_attempts
        Read timeout and attempts while no request has succeeded yet; then a timeout means "the
        host does not answer" and raises :class:`OfflineError` (exit code 3).
    budget
        Most seconds one call may take in all; no retry is started that could end beyond it.
    heartbeat
        Seconds between calls of ``notify`` while waiting for an answer.
    notify
        Receives progress lines ("wachten op antwoord ...") while a request waits; None: silent.
    sleep
        The function used to wait (replaced in tests).
    online
        Set once any request succeeded. Before that, a connection error means "offline" and stops
        the run at once; afterwards it is treated as transient and retried.
    """

    timeout: float = READ_TIMEOUT
    retries: int = 4
    backoff: float = 2.0
    connect_timeout: float = CONNECT_TIMEOUT
    first_timeout: float = FIRST_ANSWER_TIMEOUT
    first_attempts: int = FIRST_ANSWER_ATTEMPTS
    budget: float = BUDGET
    heartbeat: float = HEARTBEAT
    notify: Callable[[str], None] | None = None
    sleep: Callable[[float], None] = time.sleep
    online: bool = False
    log: list[str] = field(default_factory=list)

    @property
    def timeouts(self) -> tuple[float, float]:
        """``(connect, read)`` seconds for requests: a short read timeout until the host answered.

        Neither exceeds ``timeout`` (so ``--timeout 5`` bounds every wait by 5 s).
        """
        read = self.timeout if self.online else min(self.timeout, self.first_timeout)
        return (min(self.connect_timeout, self.timeout), read)

    def call(self, what: str, host: str, func: Callable[..., T], *args, **kwargs) -> T:
        """Run ``func(*args, **kwargs)`` with retries.

        Parameters
        ----------
        what
            A description for messages, e.g. ``"85984NED DataProperties"``.
        host
            The host contacted (named in the offline message).
        func, args, kwargs
            The request to make (it must use :attr:`timeouts`).

        Raises
        ------
        OfflineError
            If the very first contact fails with a connection error, or the host does not answer
            the first requests in time.
        IngestError
            If the request still fails after all retries or the budget, or fails permanently
            (HTTP 404...).
        """
        attempt = 0
        started = time.monotonic()
        while True:
            try:
                with _waiting(self, what, host):
                    result = func(*args, **kwargs)
            except (requests.RequestException, ValueError) as exc:
                kind = classify(exc)
                if kind == "offline" and not self.online:
                    raise OfflineError(host) from exc
                no_answer = isinstance(exc, requests.Timeout) and not self.online
                if no_answer and attempt + 1 >= self.first_attempts:
                    raise OfflineError(host, waited=time.monotonic() - started) from exc
                delay = self.backoff * (2 ** attempt)
                # a retry is started only if it can finish (backoff + a full read timeout) within budget
                over_budget = time.monotonic() - started + delay + self.timeouts[1] > self.budget
                if kind == "fatal" or (attempt >= self.retries and not no_answer) or over_budget:
                    raise IngestError(
                        f"Download mislukt / download failed: {what} ({host}) after {attempt + 1} "
                        f"attempt(s) in {time.monotonic() - started:.0f} s: {exc}. The previous snapshot "
                        "was left untouched; run the same command again to resume (finished tables are "
                        "not fetched again)."
                    ) from exc
                message = f"{what}: {type(exc).__name__}, retry {attempt + 1} in {delay:g} s"
                self.log.append(message)
                if self.notify:
                    self.notify(message)
                self.sleep(delay)
                attempt += 1
                continue
            self.online = True
            return result


class _waiting:
    """While a request runs, tell ``policy.notify`` every ``policy.heartbeat`` seconds that we wait."""

    def __init__(self, policy: NetworkPolicy, what: str, host: str):
        self.policy, self.what, self.host = policy, what, host
        self.done = threading.Event()
        self.thread = None

    def __enter__(self):
        if self.policy.notify and self.policy.heartbeat > 0:
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        return self

    def _tick(self) -> None:
        started = time.monotonic()
        while not self.done.wait(self.policy.heartbeat):
            self.policy.notify(f"wachten op antwoord van {self.host} ({self.what}): "
                               f"{time.monotonic() - started:.0f} s / waiting for an answer")

    def __exit__(self, *exc):
        self.done.set()
        if self.thread is not None:
            self.thread.join()
        return False
