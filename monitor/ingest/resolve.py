"""Find a register measure among the topics of a CBS table (its DataProperties).

CBS renumbers OData keys when a table is revised (``Woningvoorraad_31`` becomes
``Woningvoorraad_35``) and sometimes renames topics. A measure is therefore looked up by its key,
then by alternative keys, the key's stem, its StatLine column title (path) and its topic title; every
lookup that did not use the registered key is reported as changed metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .register import MeasureSpec

_SUFFIX = re.compile(r"^(.*)_(\d+)$")


def norm(text: str | None) -> str:
    """Case- and whitespace-insensitive form of a title."""
    return " ".join(str(text or "").split()).casefold()


@dataclass(frozen=True)
class Topic:
    """One measure column of a CBS table, as described by DataProperties."""

    key: str
    title: str
    unit: str
    description: str
    path: str
    parent: str

    @property
    def stem(self) -> str:
        """The key without its position number (``GrijzeDruk_24`` -> ``GrijzeDruk``)."""
        match = _SUFFIX.match(self.key)
        return match.group(1) if match else self.key

    @property
    def number(self) -> int:
        """The key's position number (``GrijzeDruk_24`` -> 24), or -1."""
        match = _SUFFIX.match(self.key)
        return int(match.group(2)) if match else -1


def topics_from_properties(properties: list[dict]) -> list[Topic]:
    """Turn a table's DataProperties into topics with their StatLine column title.

    The column title of a StatLine "CSV met titels" download is the chain of topic-group titles,
    the topic title and the unit in brackets, e.g. ``Bevolking/Leeftijdsgroepen/0 tot 15 jaar
    (aantal)``; it is rebuilt here from ``ParentID``.
    """
    by_id = {item.get("ID"): item for item in properties}
    topics = []
    for item in properties:
        if item.get("Type") != "Topic" or not item.get("Key"):
            continue
        groups = []
        parent = item.get("ParentID")
        while parent is not None and parent in by_id:
            groups.insert(0, str(by_id[parent].get("Title", "")).strip())
            parent = by_id[parent].get("ParentID")
        title = str(item.get("Title", "")).strip()
        unit = str(item.get("Unit") or "").strip()
        path = "/".join(groups + [title]) + (f" ({unit})" if unit else "")
        topics.append(Topic(
            key=item["Key"], title=title, unit=unit,
            description=" ".join(str(item.get("Description") or "").split()),
            path=path, parent=groups[-1] if groups else "",
        ))
    return topics


@dataclass(frozen=True)
class Resolution:
    """Where a measure was found and what differs from the register."""

    spec: MeasureSpec
    topic: Topic
    how: str
    changes: tuple[str, ...]


class Unresolved(LookupError):
    """A measure could not be found in the table."""


def _narrow(candidates: list[Topic], spec: MeasureSpec) -> list[Topic]:
    if len(candidates) <= 1:
        return candidates
    for test in (
        lambda t: spec.path is not None and norm(t.path) == norm(spec.path),
        lambda t: norm(t.title) in {norm(x) for x in spec.titles},
    ):
        narrowed = [t for t in candidates if test(t)]
        if len(narrowed) == 1:
            return narrowed
        if narrowed:
            candidates = narrowed
    if spec.key and _SUFFIX.match(spec.key):
        old = int(_SUFFIX.match(spec.key).group(2))
        candidates = sorted(candidates, key=lambda t: (abs(t.number - old), t.number))[:1]
    return candidates


def _search(spec: MeasureSpec, topics: list[Topic]) -> tuple[Topic, str] | None:
    by_key = {t.key: t for t in topics}
    if spec.key and spec.key in by_key:
        return by_key[spec.key], "key"
    for alt in spec.alt_keys:
        if alt in by_key:
            return by_key[alt], "alt_key"
    stems = {Topic(k, "", "", "", "", "").stem for k in (spec.key, *spec.alt_keys) if k}
    found = _narrow([t for t in topics if t.stem in stems], spec)
    if len(found) == 1:
        return found[0], "key stem"
    if spec.path:
        found = [t for t in topics if norm(t.path) == norm(spec.path)]
        if len(found) == 1:
            return found[0], "path"
    titles = {norm(x) for x in spec.titles}
    found = _narrow([t for t in topics if norm(t.title) in titles], spec)
    if len(found) == 1:
        return found[0], "title"
    return None


def resolve_measure(spec: MeasureSpec, topics: list[Topic], table: str) -> Resolution:
    """Find ``spec`` among ``topics`` of ``table``.

    Returns
    -------
    Resolution
        With ``changes`` describing a renamed key or a changed title (empty if all matches).

    Raises
    ------
    Unresolved
        If nothing matches; the message lists the closest topics.
    """
    hit = _search(spec, topics)
    if hit is None:
        wanted = spec.key or spec.path or spec.titles[0]
        words = set(norm(spec.path or (spec.titles[0] if spec.titles else spec.key)).split())
        close = sorted(topics, key=lambda t: -len(words & set(norm(t.path).split())))[:3]
        raise Unresolved(
            f"{table}: measure {spec.measure!r} ({wanted}) not found; closest topics: "
            + "; ".join(f"{t.key} = {t.path}" for t in close)
        )
    topic, how = hit
    primary = "key" if spec.key else ("path" if spec.path else "title")
    changes = []
    if how != primary:
        registered = spec.key or spec.path
        changes.append(f"{table}: {spec.measure!r} found as {topic.key} by {how} (register: {registered})")
    expected_titles = {norm(x) for x in spec.titles}
    if spec.path and norm(topic.path) != norm(spec.path) and how != "path":
        changes.append(f"{table}: {topic.key} title changed: {spec.path!r} -> {topic.path!r}")
    elif expected_titles and norm(topic.title) not in expected_titles:
        changes.append(f"{table}: {topic.key} title changed: {spec.titles[0]!r} -> {topic.title!r}")
    return Resolution(spec, topic, how, tuple(changes))
