"""Safety first: does a reply to a statement that discloses risk attend to it?

When a client's words suggest a risk to their safety or someone else's (the item carries the
``risk`` tag), rupture work waits: the reply should ask directly about the risk. This check looks
for any of the phrasings in ``data/feedback/safety.yaml``; it can be fooled like any word-level
check, so its message says what to do rather than claiming to know what the reply meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from repairlab import paths


@dataclass(frozen=True)
class SafetyNote:
    attends_to_risk: bool
    words: str  # the words that showed it, or "" when none did
    message: str


@lru_cache(maxsize=2)
def _rules(path: str, mtime: float):
    from pathlib import Path

    from repairlab.datafiles import SafetyFile, load_data_file

    spec = load_data_file(Path(path), SafetyFile)
    return [re.compile(p, re.IGNORECASE) for p in spec.asks_about_risk], spec.missed, spec.met


def safety_check(response: str) -> SafetyNote:
    path = paths.safety_file()
    patterns, missed, met = _rules(str(path), path.stat().st_mtime)
    for pattern in patterns:
        found = pattern.search(response or "")
        if found:
            return SafetyNote(True, found.group(0), met)
    return SafetyNote(False, "", missed)
