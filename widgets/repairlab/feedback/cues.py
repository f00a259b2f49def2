"""The cue set: compiled patterns, weights and wording from ``data/feedback/cues.yaml``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from repairlab import paths


@dataclass(frozen=True)
class Cue:
    key: str
    kind: str  # "move" or "pull"
    label: str
    weight: float
    patterns: tuple[re.Pattern, ...]


@dataclass(frozen=True)
class CueSet:
    moves: dict[str, Cue]
    pulls: dict[str, Cue]
    reflection_stems: tuple[re.Pattern, ...]
    complex_markers: tuple[re.Pattern, ...]
    simple_overlap_threshold: float
    complex_min_content_words: int
    ignore_overlap_threshold: float
    messages: dict

    def cue(self, key: str) -> Cue:
        return self.moves.get(key) or self.pulls[key]


def _compile(patterns) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns or ())


def _cues(section: dict, kind: str) -> dict[str, Cue]:
    return {
        key: Cue(key, kind, spec["label"], float(spec["weight"]), _compile(spec.get("patterns")))
        for key, spec in section.items()
    }


def cues_file() -> Path:
    return paths.data_dir() / "feedback" / "cues.yaml"


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> CueSet:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return CueSet(
        moves=_cues(raw["moves"], "move"),
        pulls=_cues(raw["pulls"], "pull"),
        reflection_stems=_compile(raw["reflection_stems"]),
        complex_markers=_compile(raw["complex_markers"]),
        simple_overlap_threshold=float(raw["simple_overlap_threshold"]),
        complex_min_content_words=int(raw["complex_min_content_words"]),
        ignore_overlap_threshold=float(raw["ignore_overlap_threshold"]),
        messages=raw["messages"],
    )


def load_cues(path: Path | None = None) -> CueSet:
    path = path or cues_file()
    return _load(str(path), path.stat().st_mtime)
