"""The key indicators of the regional report, as data: ``indicators/report.yaml``, and their figures.

The file lists per theme the indicator ids shown in the one-page profile, and the indicator of
its small map. It is checked against the catalogue when it is read, so a renamed indicator is
reported by name instead of silently missing from the report. :func:`key_figures` and
:func:`unfavourable_counts` read the region's :class:`monitor.profile.RegionProfile` for the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from .. import wording
from ..catalogue import Catalogue
from ..compute.compare import comparable
from ..config import INDICATOR_DIR
from ..errors import CatalogueError
from ..profile import RegionProfile, region_profile

REPORT_FILE = INDICATOR_DIR / "report.yaml"
MAX_KEY_INDICATORS = 28
"""More rows than this do not fit on one A4 page beside the map and the notes."""


@dataclass(frozen=True)
class KeySelection:
    """The report's choice of indicators.

    Attributes
    ----------
    themes
        ``((theme id, (indicator id, ...)), ...)`` in report order.
    map_indicator
        The indicator of the region map.
    """

    themes: tuple[tuple[str, tuple[str, ...]], ...]
    map_indicator: str

    @property
    def indicator_ids(self) -> list[str]:
        return [i for _theme, ids in self.themes for i in ids]


def check_selection(data, catalogue: Catalogue, source: str = "report.yaml") -> KeySelection:
    """Validate the parsed report file against the catalogue.

    Parameters
    ----------
    data
        The parsed YAML: ``{"map_indicator": id, "themes": [{"theme": id, "indicators": [ids]}]}``.
    catalogue
        The indicator catalogue.
    source
        File name for messages.

    Returns
    -------
    KeySelection

    Raises
    ------
    CatalogueError
        Listing every problem: unknown theme or indicator (with the valid ones), an indicator
        under the wrong theme, listed twice, not comparable with Nederland, or too many.
    """
    if not isinstance(data, dict) or not isinstance(data.get("themes"), list):
        raise CatalogueError(f"{source} must hold 'map_indicator' and a list 'themes' of "
                             "{theme: <id>, indicators: [<id>, ...]}.")
    known_themes = {t.theme: t for t in catalogue.themes}
    ids = set(catalogue.ids())
    problems, themes, seen = [], [], set()
    unknown = [k for k in data if k not in ("map_indicator", "themes")]
    if unknown:
        problems.append(f"unknown key(s) {', '.join(map(str, unknown))}; use map_indicator and themes")
    for entry in data["themes"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("indicators"), list):
            problems.append(f"theme entry {entry!r} needs 'theme' and a list 'indicators'")
            continue
        theme = entry.get("theme")
        if theme not in known_themes:
            problems.append(f"unknown theme {theme!r}; themes: {', '.join(known_themes)}")
            continue
        chosen = []
        for indicator_id in entry["indicators"]:
            if indicator_id not in ids:
                problems.append(f"unknown indicator {indicator_id!r} under {theme}; "
                                f"indicators of {theme}: {', '.join(i.id for i in known_themes[theme].indicators)}")
                continue
            indicator = catalogue.get(indicator_id)
            if indicator.theme != theme:
                problems.append(f"{indicator_id} belongs to theme {indicator.theme}, not {theme}")
            elif indicator_id in seen:
                problems.append(f"{indicator_id} is listed twice")
            elif not comparable(indicator, catalogue):
                problems.append(f"{indicator_id} is a count and cannot be compared with Nederland")
            else:
                chosen.append(indicator_id)
                seen.add(indicator_id)
        themes.append((theme, tuple(chosen)))
    if len(seen) > MAX_KEY_INDICATORS:
        problems.append(f"{len(seen)} indicators do not fit on one page; list at most {MAX_KEY_INDICATORS}")
    if not seen and not problems:
        problems.append("no indicators listed")
    map_indicator = data.get("map_indicator")
    if map_indicator not in ids:
        problems.append(f"map_indicator {map_indicator!r} is not an indicator of the catalogue")
    if problems:
        raise CatalogueError(f"{source} is not a valid report selection:\n  - " + "\n  - ".join(problems))
    return KeySelection(themes=tuple((t, ids_) for t, ids_ in themes if ids_), map_indicator=map_indicator)


def load_selection(catalogue: Catalogue, path: str | Path = REPORT_FILE) -> KeySelection:
    """Read and validate ``indicators/report.yaml`` (see :func:`check_selection`).

    Raises
    ------
    CatalogueError
        If the file is missing, not valid YAML, or does not fit the catalogue.
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogueError(f"Cannot read the report selection {path}: {exc.strerror or exc}. "
                             "Restore indicators/report.yaml from git.") from exc
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path} is not valid YAML: {exc}") from exc
    return check_selection(data, catalogue, str(path))


def key_figures(monitor, region_id: str, selection: KeySelection | None = None,
                profile: RegionProfile | None = None) -> pd.DataFrame:
    """The key figures of one region: latest year per indicator, with Nederland in that year.

    Parameters
    ----------
    monitor
        The loaded monitor.
    region_id
        An NPVR region id.
    selection
        The key indicators (default: ``indicators/report.yaml``).
    profile
        ``region_profile(monitor, region_id)`` if already at hand.

    Returns
    -------
    DataFrame
        One row per key indicator in report order: ``theme``, ``theme_title``, ``indicator``,
        ``title``, ``unit``, ``goal``, ``year``, ``value``, ``nl_value``, ``diff``, ``verdict``,
        ``nl_source`` (``CBS`` or ``berekend``), ``dataset`` and the Dutch texts ``value_text``,
        ``nl_text``, ``diff_text``, ``verdict_text`` (with the covered share when below 100 %),
        and ``coverage``; ``lower_95``, ``upper_95`` and ``interval_text`` (``"15,4–17,5"``; empty where
        CBS publishes no bounds) the 95 % interval. An indicator without a value for the
        region keeps its row, with ``geen gegevens``.

    Raises
    ------
    UnknownKeyError
        For an unknown region (listing the valid ids).
    """
    selection = selection or load_selection(monitor.catalogue)
    profile = region_profile(monitor, region_id) if profile is None else profile
    nan = float("nan")
    rows = []
    for theme, ids in selection.themes:
        theme_title = monitor.catalogue.theme_title(theme)
        for indicator_id in ids:
            ind = monitor.indicator(indicator_id)
            row = profile.row(indicator_id)
            found = row is not None
            value = float(row["value"]) if found else nan
            nl_value = float(row["nl_value"]) if found and pd.notna(row["nl_value"]) else nan
            diff = float(row["diff"]) if found and pd.notna(row["diff"]) else nan
            coverage = float(row["coverage"]) if found and pd.notna(row["coverage"]) else nan
            lower, upper = ((float(row[c]) if found and c in row and pd.notna(row[c]) else nan)
                            for c in ("lower_95", "upper_95"))
            verdict = row["verdict"] if found else None
            rows.append({
                "theme": theme, "theme_title": theme_title, "indicator": indicator_id, "title": ind.title,
                "unit": ind.unit, "goal": ind.goal, "year": int(row["year"]) if found else None, "value": value,
                "nl_value": nl_value, "diff": diff, "verdict": verdict,
                "nl_source": row["nl_source"] if found else None,
                "dataset": str(row["dataset"]) if found and isinstance(row["dataset"], str) else "",
                "value_text": wording.number(value, ind.decimals),
                "nl_text": wording.number(nl_value, ind.decimals),
                "diff_text": wording.signed_number(diff, ind.decimals),
                "verdict_text": wording.verdict_with_coverage(verdict, coverage), "coverage": coverage,
                "lower_95": lower, "upper_95": upper,
                "interval_text": wording.interval(ind, lower, upper) if wording.has_interval(lower, upper) else "",
            })
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Count:
    """How many indicators of a group are less favourable than Nederland, of those judged."""

    label: str
    unfavourable: int
    judged: int

    @property
    def text(self) -> str:
        return wording.unfavourable_text(self.unfavourable, self.judged)


def unfavourable_counts(monitor, region_id: str,
                        profile: RegionProfile | None = None) -> dict[str, list[Count]]:
    """Per theme and per NPVR goal: indicators less favourable than Nederland, over the whole profile.

    Only indicators with a verdict gunstiger/gelijk/ongunstiger count (neutral indicators and
    counts are not judged), in the region's latest year per indicator, as on the app's
    *Regioprofiel* page (both read :meth:`monitor.profile.RegionProfile.unfavourable`).

    Returns
    -------
    dict
        ``{"theme": [Count, ...], "goal": [Count, ...]}`` in catalogue and goal order.
    """
    profile = region_profile(monitor, region_id) if profile is None else profile
    return {group: [Count(r.label, int(r.ongunstiger), int(r.beoordeeld))
                    for r in profile.unfavourable(group).itertuples()] for group in ("theme", "goal")}
