"""Run one piece of work in a forked child process while the caller goes on.

Used by :func:`monitor.output.atomic.write_into_folder` for the export's slow files (the Excel workbook,
the progress letter's overview with the files it shares work with), so that on two cores
the export takes about half the sum of its parts' times instead of the sum. The child is a fork: it has
the computed tables without copying or pickling them, and only the outcome comes back, nothing or
the exception it raised, which :meth:`Child.wait` raises again in the caller (same type, with the
child's traceback as a note). Where fork is not available (Windows, macOS) :func:`can_fork` is
False and callers do the work themselves.

A :class:`Handover` lets the child start before everything it needs is computed: what it needs
last (the workbook's story sheets) is computed by the caller meanwhile and sent to it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable

STOP_SECONDS = 10.0
"""How long :meth:`Child.stop` waits after SIGTERM before it sends SIGKILL."""
PR_SET_PDEATHSIG = 1
"""``prctl`` option: the signal a process gets when its parent ends (linux/prctl.h)."""
WAIT_SECONDS = 120.0
"""How long a caller waits for a child (the workbook takes seconds) before it gives up on it: a fork
of a multi-threaded process can, rarely, deadlock in the child, and an export must never hang."""


def can_fork() -> bool:
    """True where a child can be forked safely enough for this use (Linux)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Child:
    """A forked child running ``work()``; :meth:`wait` for its outcome, :meth:`stop` to end it."""

    def __init__(self, work: Callable[[], object], label: str):
        context = multiprocessing.get_context("fork")
        self.label = label
        self._outcome, sender = context.Pipe(duplex=False)

        parent = os.getpid()

        def run() -> None:
            _die_with(parent)
            self._outcome.close()
            try:
                work()
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
                text = traceback.format_exc()
                try:
                    sender.send((exc, text))
                except OSError:  # the caller is gone (killed): nobody to tell, nothing to print
                    os._exit(1)
                except Exception:  # noqa: BLE001 - an exception that cannot be pickled
                    _send_quietly(sender, (RuntimeError(f"{type(exc).__name__}: {exc}"), text))
                sys.exit(1)
            _send_quietly(sender, None)

        self._process = context.Process(target=run, name=f"npvr-{label}", daemon=True)
        self._process.start()
        sender.close()

    def wait(self, seconds: float | None = None) -> None:
        """Wait until the child is done; raise its exception, or ChildProcessError if it died.

        Raises TimeoutError if it is not done within ``seconds`` (None: no limit); it then still runs.
        """
        if seconds is not None and not self._outcome.poll(seconds):
            raise TimeoutError(f"the process writing {self.label} did not finish within {seconds:g} s")
        try:
            outcome = self._outcome.recv()
        except EOFError:  # it ended without sending anything: killed, or out of memory
            outcome = EOFError
        self._process.join()
        self._outcome.close()
        if outcome is EOFError:
            raise ChildProcessError(f"the process writing {self.label} stopped without finishing "
                                    f"(exit code {self._process.exitcode})")
        if outcome is not None:
            exc, text = outcome
            exc.add_note(f"Raised in the process writing {self.label}:\n{text}")
            raise exc

    def stop(self) -> None:
        """End the child if it still runs (SIGTERM, then SIGKILL) and wait for it; safe to call twice."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(STOP_SECONDS)
            if self._process.is_alive():
                self._process.kill()
        self._process.join()
        self._outcome.close()


def _die_with(parent: int) -> None:
    """In a forked child: end when ``parent`` ends, however it ends (even SIGKILL), and end quietly.

    On Linux the kernel sends the child SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``);
    if the parent died before that was set, the child exits at once. SIGTERM ends the child without
    the parent's handler (which would raise into the work and report to a caller that is gone).
    """
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the caller, which stops the child
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: can_fork() is False there anyway
        pass
    if os.getppid() != parent:
        os._exit(1)


def _send_quietly(sender, value) -> None:
    """Send ``value`` to the caller; if the caller is gone, exit without a traceback."""
    try:
        sender.send(value)
    except OSError:
        os._exit(1)


class Handover:
    """A value computed by the process that creates it, also for the children it forks afterwards.

    In that process :meth:`get` computes the value once (``compute()``); in a forked child it waits
    for the value the parent sends with :meth:`give`. So a child can start its work before the
    value exists and needs to wait for it only when it gets there.
    """

    def __init__(self, compute: Callable[[], object]):
        self._compute = compute
        self._owner = os.getpid()
        self._receiver, self._sender = multiprocessing.get_context("fork").Pipe(duplex=False)
        self._computed = False
        self._value = None

    def get(self):
        """The value: computed here in the creating process, received from it in a child."""
        if os.getpid() != self._owner:
            if self._computed:  # forked after the creating process computed it: the child has it already
                return self._value
            self._sender.close()
            try:
                self._value, self._computed = self._receiver.recv(), True  # kept: a second get() has it too
            except EOFError:  # the creating process is gone: end quietly (nobody waits for the result)
                os._exit(1)
            return self._value
        if not self._computed:
            self._value, self._computed = self._compute(), True
        return self._value

    def give(self) -> None:
        """In the creating process, after forking a child that will :meth:`get`: compute and send.

        The sending runs in a thread, so that a child that died before reading cannot block the
        caller (its failure comes from :meth:`Child.wait`).
        """
        self._receiver.close()
        value = self.get()

        def send() -> None:
            try:
                self._sender.send(value)
            except OSError:  # the child is gone; Child.wait reports why
                pass

        threading.Thread(target=send, name="npvr-handover", daemon=True).start()
