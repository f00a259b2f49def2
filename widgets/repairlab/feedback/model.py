"""The learned part of the engine: three linear heads read from a small JSON file.

``model.json`` beside this module holds, for each head, an intercept and one weight per feature
(see ``features.py`` for what a feature is), plus two word lists the guards use. It is written
by ``python -m repairlab.feedback.train`` with scikit-learn, and read here with plain Python,
so the kernel never imports scikit-learn. The heads:

- ``behaviour``: reflection / question / therapist_input / other, the main codes of AnnoMI's
  expert coders, trained on AnnoMI's even-numbered transcripts (odd ones are held out);
- ``complexity``: complex rather than simple, for a reflection (AnnoMI, same split);
- ``quality``: how much a (client statement, response) pair reads like the bank's exemplary
  rather than its poor responses, trained on the bank's items;
- ``pull``: which pull, of those the bank's poor replies are tagged with, a reply's wording is
  closest to ("none" for the exemplary replies); used only to name a pull in the message when
  the rules found none, never for the estimate.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FORMAT = "repairlab-feedback-model"
FORMAT_VERSION = 1
MODEL_FILE = Path(__file__).resolve().with_name("model.json")


class ModelError(ValueError):
    """The model file is missing, of another format, or damaged."""


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@dataclass(frozen=True)
class LinearHead:
    """A binary logistic head: P(positive) = sigmoid(bias + sum of weight * value)."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: dict[str, float]) -> float:
        get = self.weights.get
        return self.bias + sum(get(k, 0.0) * v for k, v in features.items())

    def probability(self, features: dict[str, float]) -> float:
        return _sigmoid(self.logit(features))

    def contributions(self, features: dict[str, float]) -> list[tuple[str, float]]:
        """Each feature's share of the logit, largest first by size."""
        get = self.weights.get
        found = [(k, get(k, 0.0) * v) for k, v in features.items() if get(k, 0.0)]
        return sorted(found, key=lambda kv: (-abs(kv[1]), kv[0]))


@dataclass(frozen=True)
class SoftmaxHead:
    """A multinomial logistic head over ``classes``."""

    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def contributions(self, features: dict[str, float], label: str) -> list[tuple[str, float]]:
        """Each feature's push toward ``label`` against the average class, largest first."""
        i = self.classes.index(label)
        n = len(self.classes)
        found = []
        for key, value in features.items():
            row = self.weights.get(key)
            if row is not None:
                push = (row[i] - sum(row) / n) * value
                if push:
                    found.append((key, push))
        return sorted(found, key=lambda kv: (-kv[1], kv[0]))

    def probabilities(self, features: dict[str, float]) -> dict[str, float]:
        scores = list(self.bias)
        for key, value in features.items():
            row = self.weights.get(key)
            if row is not None:
                for i, w in enumerate(row):
                    scores[i] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps)}


@dataclass(frozen=True)
class Model:
    version: str
    behaviour: SoftmaxHead
    complexity: LinearHead
    quality: LinearHead | None
    pull: SoftmaxHead | None
    lexicon: frozenset[str]  # words known to be English (AnnoMI and bank text)
    generic: frozenset[str]  # word stems used in replies to many different statements
    meta: dict = field(default_factory=dict, compare=False)


def _linear(raw: dict) -> LinearHead:
    return LinearHead(float(raw["bias"]), {k: float(v) for k, v in raw["weights"].items()})


def _softmax(raw: dict) -> SoftmaxHead:
    return SoftmaxHead(tuple(raw["classes"]), tuple(float(x) for x in raw["bias"]),
                       {k: tuple(float(x) for x in v) for k, v in raw["weights"].items()})


def from_dict(raw: dict) -> Model:
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ModelError(f"not a {FORMAT} file")
    if raw.get("format_version") != FORMAT_VERSION:
        raise ModelError(f"format version {raw.get('format_version')!r}; this code reads {FORMAT_VERSION}")
    heads = raw["heads"]
    behaviour = _softmax(heads["behaviour"])
    quality = _linear(heads["quality"]) if heads.get("quality") else None
    pull = _softmax(heads["pull"]) if heads.get("pull") else None
    return Model(
        version=str(raw["model_version"]),
        behaviour=behaviour,
        complexity=_linear(heads["complexity"]),
        quality=quality,
        pull=pull,
        lexicon=frozenset(raw["lexicon"]),
        generic=frozenset(raw["generic"]),
        meta={k: raw[k] for k in ("model_version", "trained_on", "settings") if k in raw},
    )


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Model:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read the feedback model {path}: {exc}") from exc
    return from_dict(raw)


def load_model(path: Path | None = None) -> Model:
    path = Path(path) if path else MODEL_FILE
    if not path.exists():
        raise ModelError(f"the feedback model {path} is missing; rebuild it with "
                         "`python -m repairlab.feedback.train`")
    return _load(str(path), path.stat().st_mtime)
