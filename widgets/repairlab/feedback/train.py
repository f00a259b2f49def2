"""Rebuild the feedback model, ``model.json``, from data; and measure it honestly.

    python -m repairlab.feedback.train                 # rebuild widgets/repairlab/feedback/model.json
    python -m repairlab.feedback.train --check         # is the shipped model built from today's data?
    python -m repairlab.feedback.train --out /tmp/m.json --items 40 --utterances 600   # a small slice

Data: the vignette bank (exemplary replies are positives, poor replies negatives, each paired with
its own client statement) and AnnoMI's therapist utterances with the client turn before them
(``../shared/datasets/annomi/derived_therapist_behaviour_with_prev_turn.csv``; AnnoMI is used
here only, never when the engine runs). The behaviour and complexity heads learn from AnnoMI's
even-numbered transcripts only; the odd-numbered ones are held out for the benchmark.

Deterministic: rows are read in a fixed order, the learners have no random state, weights are
rounded, and the file is written with sorted keys, so the same data and library versions give a
byte-identical file. Hyper-parameters are chosen by cross-validation inside the training data
(grouped by transcript or by bank item), never on an evaluation fold.

This module needs scikit-learn; the run-time engine does not import it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from repairlab.feedback.cues import CueSet, load_cues
from repairlab.feedback.features import BEHAVIOUR_ONLY_PREFIXES, quality_features, utterance_features
from repairlab.feedback.model import FORMAT, FORMAT_VERSION, MODEL_FILE, Model, from_dict
from repairlab.feedback.text import STOPWORDS, mask_markup, sentences, stem, words

REPO = Path(__file__).resolve().parents[3]
ANNOMI_FILE = REPO.parent / "shared" / "datasets" / "annomi" / "derived_therapist_behaviour_with_prev_turn.csv"
BEHAVIOURS = ("other", "question", "reflection", "therapist_input")
C_BEHAVIOUR = (0.3, 1.0, 3.0)  # the pull head's grid
C_ANNOMI = (0.1, 0.3, 1.0)  # the behaviour head's grid
C_COMPLEXITY = (0.03, 0.1, 0.3, 1.0)
ANNOMI_MIN_COUNT = 3  # an utterance feature is kept when at least this many training utterances have it
C_QUALITY = (1.0, 3.0, 10.0, 30.0, 100.0)
INNER_FOLDS = 4
DECIMALS = 4
PULL_MIN_COUNT = 4
GENERIC_SHARE = 0.04  # a word used in replies to at least this share of bank items is generic
LEXICON_MIN_COUNT = 1


@dataclass(frozen=True)
class Utterance:
    transcript: int
    utterance: int
    client: str
    text: str
    behaviour: str
    reflection: str  # simple | complex | "" (not a reflection or not coded)
    mi_quality: str


@dataclass(frozen=True)
class Reply:
    item: str
    client: str
    text: str
    good: int  # 1 exemplary, 0 poor
    tag: str  # strategy (exemplary) or pull (poor)


# --- data ----------------------------------------------------------------------------------

def load_annomi(path: Path = ANNOMI_FILE, limit: int | None = None) -> list[Utterance]:
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out = [
        Utterance(int(r["transcript_id"]), int(r["utterance_id"]), r.get("prev_text") or "", r["utterance_text"] or "",
                  r["main_therapist_behaviour"], r.get("reflection_subtype") if r.get("reflection_subtype") in ("simple", "complex") else "",
                  r.get("mi_quality") or "")
        for r in rows if r.get("main_therapist_behaviour") in BEHAVIOURS
    ]
    out.sort(key=lambda u: (u.transcript, u.utterance))
    if limit:
        # A slice: the first limit/2 utterances of each half of the split, in order.
        keep, seen = [], Counter()
        for u in out:
            if seen[u.transcript % 2] < limit // 2:
                keep.append(u)
                seen[u.transcript % 2] += 1
        out = keep
    return out


def training_split(utterances: list[Utterance]) -> list[Utterance]:
    return [u for u in utterances if u.transcript % 2 == 0]


def held_out_split(utterances: list[Utterance]) -> list[Utterance]:
    return [u for u in utterances if u.transcript % 2 == 1]


def load_replies(bank=None, limit: int | None = None) -> list[Reply]:
    if bank is None:
        from repairlab.bank import load_bank

        bank = load_bank()
    items = sorted(bank, key=lambda v: v.id)
    if limit:
        items = items[:limit]
    out = []
    for v in items:
        out += [Reply(v.id, v.client_statement, r.text, 1, r.strategy) for r in v.exemplary_responses]
        out += [Reply(v.id, v.client_statement, r.text, 0, r.pull) for r in v.poor_responses]
    return out


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def replies_digest(replies: list[Reply]) -> str:
    return _digest([[r.item, r.client, r.text, r.good, r.tag] for r in replies])


def annomi_digest(utterances: list[Utterance]) -> str:
    return _digest([[u.transcript, u.utterance, u.client, u.text, u.behaviour, u.reflection] for u in utterances])


# --- word lists ----------------------------------------------------------------------------

def build_lexicon(utterances: list[Utterance], replies: list[Reply]) -> list[str]:
    counts: Counter[str] = Counter()
    seen_clients = set()
    for u in utterances:
        counts.update(words(u.text))
        if u.client not in seen_clients:
            seen_clients.add(u.client)
            counts.update(words(u.client))
    clients = {}
    for r in replies:
        counts.update(words(r.text))
        clients[r.item] = r.client
    for text in clients.values():
        counts.update(words(text))
    return sorted(w for w, c in counts.items() if c >= LEXICON_MIN_COUNT and len(w) <= 30)


def build_generic(replies: list[Reply]) -> list[str]:
    """Word stems used in replies to many different statements: they say little about any one client."""
    by_word: dict[str, set[str]] = {}
    for r in replies:
        for w in {stem(w) for w in words(r.text)}:
            by_word.setdefault(w, set()).add(r.item)
    items = len({r.item for r in replies})
    need = max(3, int(round(GENERIC_SHARE * items)))
    return sorted(w for w, found in by_word.items() if len(found) >= need and w not in STOPWORDS)


# --- fitting -------------------------------------------------------------------------------

def _vectorise(rows: list[dict[str, float]], vocabulary: list[str] | None = None):
    from scipy.sparse import csr_matrix

    if vocabulary is None:
        vocabulary = sorted({k for row in rows for k in row})
    index = {k: i for i, k in enumerate(vocabulary)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        for k in sorted(row):
            if k in index and row[k] != 0.0:
                cols.append(index[k])
                data.append(float(row[k]))
        ptr.append(len(data))
    return csr_matrix((data, cols, ptr), shape=(len(rows), len(vocabulary))), vocabulary


def _prune(rows: list[dict[str, float]], min_count: int = 2) -> list[str]:
    """Features seen in at least ``min_count`` rows (rare n-grams only add noise and size)."""
    counts: Counter[str] = Counter(k for row in rows for k in row)
    return sorted(k for k, c in counts.items() if c >= min_count)


def _logistic(C: float):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, max_iter=5000)


def _round(x: float) -> float:
    value = round(float(x), DECIMALS)
    return 0.0 if value == 0 else value


def _linear_head(model, vocabulary: list[str]) -> dict:
    weights = {k: _round(w) for k, w in zip(vocabulary, model.coef_[0])}
    return {"bias": _round(model.intercept_[0]), "weights": {k: w for k, w in sorted(weights.items()) if w}}


def _softmax_head(model, vocabulary: list[str]) -> dict:
    classes = [str(c) for c in model.classes_]
    weights = {}
    for j, k in enumerate(vocabulary):
        row = [_round(model.coef_[i][j]) for i in range(len(classes))]
        if any(row):
            weights[k] = row
    return {"classes": classes, "bias": [_round(b) for b in model.intercept_], "weights": weights}


def _group_folds(groups: list, folds: int):
    from sklearn.model_selection import GroupKFold

    n_groups = len(set(groups))
    return list(GroupKFold(n_splits=min(folds, n_groups)).split(groups, groups=groups))


def _choose_C(X, y, groups, grid, score_fn) -> tuple[float, dict]:
    """The C with the best mean inner-fold score (ties: the smaller C)."""
    results = {}
    for C in grid:
        scores = []
        for train, test in _group_folds(groups, INNER_FOLDS):
            if len(set(y[i] for i in train)) < 2:
                continue
            m = _logistic(C).fit(X[train], [y[i] for i in train])
            scores.append(score_fn(m, test))
        results[C] = sum(scores) / len(scores) if scores else 0.0
    best = max(grid, key=lambda C: (round(results[C], 6), -C))
    return best, {str(C): round(v, 4) for C, v in results.items()}


def utterance_rows(utterances: list[Utterance], cues: CueSet) -> list[dict[str, float]]:
    from repairlab.feedback.analysis import rule_flags

    rows = []
    for u in utterances:
        text = mask_markup(u.text)
        rows.append(utterance_features(mask_markup(u.client), text, rule_flags(cues, sentences(text))))
    return rows


def fit_annomi_heads(utterances: list[Utterance], cues: CueSet) -> tuple[dict, dict, dict]:
    """The behaviour and complexity heads, from the training split; C chosen by transcript-grouped CV."""
    train = training_split(utterances)
    rows = utterance_rows(train, cues)
    vocabulary = _prune(rows, ANNOMI_MIN_COUNT)
    X, vocabulary = _vectorise(rows, vocabulary)
    y = [u.behaviour for u in train]
    groups = [u.transcript for u in train]

    def accuracy(m, test):
        return float((m.predict(X[test]) == [y[i] for i in test]).mean())

    C_b, grid_b = _choose_C(X, y, groups, C_ANNOMI, accuracy)
    behaviour = _softmax_head(_logistic(C_b).fit(X, y), vocabulary)

    refl = [i for i, u in enumerate(train) if u.reflection]
    # The complexity head reads the older feature families only (see features.py).
    kept = [j for j, k in enumerate(vocabulary) if not k.startswith(BEHAVIOUR_ONLY_PREFIXES)]
    vocabulary_c = [vocabulary[j] for j in kept]
    Xr = X[refl][:, kept]
    yr = [1 if train[i].reflection == "complex" else 0 for i in refl]
    gr = [train[i].transcript for i in refl]

    def accuracy_r(m, test):
        return float((m.predict(Xr[test]) == [yr[i] for i in test]).mean())

    C_c, grid_c = _choose_C(Xr, yr, gr, C_COMPLEXITY, accuracy_r)
    complexity = _linear_head(_logistic(C_c).fit(Xr, yr), vocabulary_c)
    settings = {"behaviour_C": C_b, "behaviour_inner_cv": grid_b, "complexity_C": C_c, "complexity_inner_cv": grid_c,
                "features": len(vocabulary), "complexity_features": len(vocabulary_c),
                "annomi_min_count": ANNOMI_MIN_COUNT}
    return behaviour, complexity, settings


def _partial_model(behaviour: dict, complexity: dict, lexicon: list[str], generic: list[str]) -> Model:
    return from_dict({"format": FORMAT, "format_version": FORMAT_VERSION, "model_version": "partial",
                      "heads": {"behaviour": behaviour, "complexity": complexity, "quality": None, "pull": None},
                      "lexicon": lexicon, "generic": generic})


def quality_rows(replies: list[Reply], cues: CueSet, model: Model) -> list[dict[str, float]]:
    from repairlab.feedback.analysis import read

    rows = []
    for r in replies:
        reading = read(r.client, r.text, cues, model)
        rows.append(quality_features(reading.client, reading.text, reading.flags()))
    return rows


def pair_rate(scores: list[float], replies: list[Reply]) -> tuple[float, float, int]:
    """Share of (exemplary, poor) pairs to the same statement ordered right; share tied; pairs."""
    by_item: dict[str, list[tuple[float, int]]] = {}
    for s, r in zip(scores, replies):
        by_item.setdefault(r.item, []).append((s, r.good))
    right = ties = total = 0
    for found in by_item.values():
        for sg, g in found:
            if g != 1:
                continue
            for sp, p in found:
                if p == 0:
                    total += 1
                    right += sg > sp
                    ties += sg == sp
    return (right / total if total else 0.0), (ties / total if total else 0.0), total


def fit_quality(replies: list[Reply], rows: list[dict[str, float]]) -> tuple[dict, dict]:
    vocabulary = _prune(rows)
    X, vocabulary = _vectorise(rows, vocabulary)
    y = [r.good for r in replies]
    groups = [r.item for r in replies]

    def ordering(m, test):
        probs = m.predict_proba(X[test])[:, 1]
        return pair_rate(list(probs), [replies[i] for i in test])[0]

    C_q, grid_q = _choose_C(X, y, groups, C_QUALITY, ordering)
    head = _linear_head(_logistic(C_q).fit(X, y), vocabulary)
    return head, {"quality_C": C_q, "quality_inner_cv": grid_q, "quality_features": len(vocabulary)}


def fit_pull(replies: list[Reply], rows: list[dict[str, float]]) -> tuple[dict, dict]:
    """Which pull tag a reply's wording is closest to ("none" for exemplary replies). Only for
    naming a pull in the message, so it keeps fewer features (seen in four replies or more)."""
    vocabulary = _prune(rows, PULL_MIN_COUNT)
    X, vocabulary = _vectorise(rows, vocabulary)
    y = [r.tag if r.good == 0 else "none" for r in replies]
    groups = [r.item for r in replies]

    def poor_accuracy(m, test):
        poor = [i for i in test if y[i] != "none"]
        if not poor:
            return 0.0
        return float((m.predict(X[poor]) == [y[i] for i in poor]).mean())

    C_p, grid_p = _choose_C(X, y, groups, C_BEHAVIOUR, poor_accuracy)
    return _softmax_head(_logistic(C_p).fit(X, y), vocabulary), {"pull_C": C_p, "pull_inner_cv": grid_p}


# --- the artifact --------------------------------------------------------------------------

def build(utterances: list[Utterance], replies: list[Reply], cues: CueSet | None = None,
          annomi_heads: tuple[dict, dict, dict] | None = None, with_pull: bool = True) -> dict:
    """The artifact as a dict (see ``dumps``). ``with_pull=False`` leaves out the pull head, which
    only names pulls in messages (the cross-validation of the estimate does not need it)."""
    import sklearn

    cues = cues or load_cues()
    behaviour, complexity, settings = annomi_heads or fit_annomi_heads(utterances, cues)
    lexicon = build_lexicon(utterances, replies)
    generic = build_generic(replies)
    partial = _partial_model(behaviour, complexity, lexicon, generic)
    rows = quality_rows(replies, cues, partial)
    quality, q_settings = fit_quality(replies, rows)
    pull, p_settings = fit_pull(replies, rows) if with_pull else (None, {})
    trained_on = {
        "bank": {"items": len({r.item for r in replies}), "replies": len(replies), "sha256": replies_digest(replies)},
        "annomi": {"file": ANNOMI_FILE.name, "utterances": len(utterances),
                   "training_split": "even transcript_id", "training_utterances": len(training_split(utterances)),
                   "sha256": annomi_digest(utterances)},
        "cues_sha256": cues.digest,
        "scikit_learn": sklearn.__version__,
    }
    heads = {"behaviour": behaviour, "complexity": complexity, "quality": quality, "pull": pull}
    # The version names the content: any change in the weights or word lists gives a new one.
    version = f"{FORMAT_VERSION}.{_digest([heads, lexicon, generic])[:12]}"
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "model_version": version,
        "trained_on": trained_on,
        "settings": {**settings, **q_settings, **p_settings, "generic_share": GENERIC_SHARE, "pull_min_count": PULL_MIN_COUNT, "lexicon_min_count": LEXICON_MIN_COUNT,
                     "decimals": DECIMALS},
        "heads": heads,
        "lexicon": lexicon,
        "generic": generic,
    }


def dumps(artifact: dict) -> str:
    return json.dumps(artifact, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n"


def rebuild(out: Path = MODEL_FILE, annomi: Path = ANNOMI_FILE, items: int | None = None,
            utterances: int | None = None, bank=None) -> dict:
    artifact = build(load_annomi(annomi, utterances), load_replies(bank, items))
    Path(out).write_text(dumps(artifact), encoding="utf-8")
    return artifact


def check(model_path: Path = MODEL_FILE, annomi: Path = ANNOMI_FILE) -> list[str]:
    """Differences between the data the model was built from and today's data (empty: none)."""
    raw = json.loads(Path(model_path).read_text(encoding="utf-8"))
    trained = raw["trained_on"]
    problems = []
    replies = load_replies()
    if replies_digest(replies) != trained["bank"]["sha256"]:
        problems.append("the vignette bank has changed since the model was built")
    if load_cues().digest != trained["cues_sha256"]:
        problems.append("data/feedback/cues.yaml has changed since the model was built")
    if Path(annomi).exists() and annomi_digest(load_annomi(annomi)) != trained["annomi"]["sha256"]:
        problems.append("the AnnoMI file differs from the one the model was built from")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m repairlab.feedback.train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--annomi", type=Path, default=ANNOMI_FILE)
    parser.add_argument("--items", type=int, default=None, help="use only the first N bank items (by id)")
    parser.add_argument("--utterances", type=int, default=None, help="use only about N AnnoMI utterances")
    parser.add_argument("--check", action="store_true", help="say whether the shipped model matches today's data")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.out, args.annomi)
        for p in problems:
            print(p)
        print("the model matches today's data" if not problems else "rebuild with: python -m repairlab.feedback.train")
        return 1 if problems else 0
    if not args.annomi.exists():
        print(f"AnnoMI not found at {args.annomi}; it is needed to rebuild the model", file=sys.stderr)
        return 2
    artifact = rebuild(args.out, args.annomi, args.items, args.utterances)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1024:.0f} KiB), model version {artifact['model_version']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
