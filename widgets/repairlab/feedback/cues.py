"""The cue set: compiled patterns, guard settings and wording from ``data/feedback/cues.yaml``."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from repairlab import paths
from repairlab.feedback.text import stem


@dataclass(frozen=True)
class Cue:
    key: str
    kind: str  # "move" or "pull"
    label: str
    patterns: tuple[re.Pattern, ...]
    cap: float | None = None  # when this pull is found, the estimate stays at or below this
    factor: float | None = None  # ... or is multiplied by this
    whole_sentence: bool = False  # match from the sentence's first word, not past "Okay, so, ..."
    weight: float = 0.0  # kept for compatibility; the learned model weighs cues (see cues.yaml)


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
    guard: dict
    contrast: re.Pattern
    empathic: re.Pattern
    process: re.Pattern
    feelings: frozenset[str]  # stems of feeling words (general, not a topic)
    digest: str  # sha256 of the file, recorded in the model so a stale model can be told apart


def _compile(patterns) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in patterns or ())


def _cues(section: dict, kind: str) -> dict[str, Cue]:
    return {
        key: Cue(key, kind, spec["label"], _compile(spec.get("patterns")),
                 float(spec["cap"]) if spec.get("cap") is not None else None,
                 float(spec["factor"]) if spec.get("factor") is not None else None,
                 bool(spec.get("whole_sentence", False)))
        for key, spec in section.items()
    }


def cues_file() -> Path:
    """The cue file in the data folder; the package's own copy when a data folder has none
    (a fixture bank pointed at by REPAIRLAB_DATA_DIR carries vignettes, not cues)."""
    for folder in (paths.data_dir(), paths._WHEEL_DATA, paths._SOURCE_TREE_DATA):
        path = folder / "feedback" / "cues.yaml"
        if path.exists():
            return path
    return paths.data_dir() / "feedback" / "cues.yaml"


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> CueSet:
    from repairlab.datafiles import CuesFile, load_data_file

    load_data_file(Path(path), CuesFile)  # checked first: a problem names the file, line and field
    data = Path(path).read_bytes()
    raw = yaml.safe_load(data.decode("utf-8"))
    return CueSet(
        moves=_cues(raw["moves"], "move"),
        pulls=_cues(raw["pulls"], "pull"),
        reflection_stems=_compile(raw["reflection_stems"]),
        complex_markers=_compile(raw["complex_markers"]),
        simple_overlap_threshold=float(raw["simple_overlap_threshold"]),
        complex_min_content_words=int(raw["complex_min_content_words"]),
        ignore_overlap_threshold=float(raw["ignore_overlap_threshold"]),
        messages=raw["messages"],
        guard=dict(raw["guard_settings"]),
        contrast=re.compile(raw["contrast"], re.IGNORECASE),
        empathic=re.compile(raw["empathic"], re.IGNORECASE),
        process=re.compile(raw["process"], re.IGNORECASE),
        feelings=frozenset(stem(w) for w in str(raw.get("feeling_words", "")).split()),
        digest=hashlib.sha256(data).hexdigest(),
    )


def load_cues(path: Path | None = None) -> CueSet:
    path = path or cues_file()
    return _load(str(path), path.stat().st_mtime)
