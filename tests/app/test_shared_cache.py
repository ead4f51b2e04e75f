"""dashboard.shared.per_monitor: one result per monitor and choice, shared; functions never share a cache.

Uses a stand-in monitor (only its ``fingerprint`` matters here), no real data.
"""

from dataclasses import dataclass

from dashboard.shared import per_monitor


@dataclass(frozen=True)
class FakeMonitor:
    fingerprint: str


calls: list[tuple] = []


@per_monitor(max_entries=8)
def first(monitor, x):
    calls.append(("first", monitor.fingerprint, x))
    return ["first", x]


@per_monitor(max_entries=8)
def second(monitor, x):
    calls.append(("second", monitor.fingerprint, x))
    return ["second", x]


def test_one_result_per_monitor_and_arguments_and_none_shared_between_functions():
    calls.clear()
    a = FakeMonitor("a")
    result = first(a, 1)
    assert first(a, 1) is result  # shared, not rebuilt or copied
    assert second(a, 1) == ["second", 1]  # same arguments, another function: its own cache
    assert first(a, 2) == ["first", 2] and first(FakeMonitor("b"), 1) == ["first", 1]
    assert calls == [("first", "a", 1), ("second", "a", 1), ("first", "a", 2), ("first", "b", 1)]
    assert first.__name__ == "first"
