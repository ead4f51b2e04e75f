"""Errors the monitor raises for bad input, each naming what is wrong and what to do."""


class MonitorError(Exception):
    """Base class: a problem with input that the user can fix.

    The message is shown as-is on the command line and in the app, so it must say what is
    wrong and what to do about it.
    """


class SnapshotError(MonitorError):
    """The snapshot folder is missing, incomplete, corrupt or malformed."""


class SnapshotContentError(SnapshotError):
    """The snapshot's files are intact but their content is not usable; ``problems`` lists why."""

    def __init__(self, root, problems: list[str], hint: str = ""):
        self.problems = list(problems)
        lines = "\n  - ".join(self.problems)
        super().__init__(f"Snapshot {root} is refused, {len(self.problems)} problem(s) in its content:"
                         f"\n  - {lines}\n{hint}".rstrip())


class CatalogueError(MonitorError):
    """The indicator catalogue (``indicators/*.yaml``) is invalid or refers to unknown data."""


class RegionTableError(MonitorError):
    """The region membership table is invalid."""


class UnknownKeyError(MonitorError):
    """An unknown indicator, region, level or year was asked for."""
