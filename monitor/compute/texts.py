"""Texts as integer codes during a build: reasons, notes, datasets and area codes stay integer arrays
until the values table is written, instead of millions of Python strings."""

from __future__ import annotations

import numpy as np
import pandas as pd

NONE = -1
"""The code of a missing text."""


class Texts:
    """A growing vocabulary: each distinct text gets one integer code (:data:`NONE` for None)."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}
        self.texts: list[str] = []

    def code(self, text: str | None) -> int:
        """The code of one text, adding it to the vocabulary when new."""
        if text is None:
            return NONE
        found = self._codes.get(text)
        if found is None:
            found = self._codes[text] = len(self.texts)
            self.texts.append(text)
        return found

    def codes(self, texts) -> np.ndarray:
        """Codes of several texts (None and NaN give :data:`NONE`), as an int64 array."""
        position, distinct = pd.factorize(np.asarray(texts, dtype=object))  # each distinct text coded once
        table = np.array([self.code(t) for t in distinct] + [NONE], dtype="int64")
        return table[position]
