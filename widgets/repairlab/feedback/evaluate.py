"""Measure the engine the way the issue asks: item-grouped cross-validation on the bank, AnnoMI's
held-out transcripts, the adversarial suite, and speed. Used by benchmarks/feedback_benchmark.py
(which prints the figures) and by the tests. Needs scikit-learn for the cross-validation.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from pathlib import Path

from repairlab.feedback.analysis import analyse
from repairlab.feedback.cues import CueSet, load_cues
from repairlab.feedback.model import Model, from_dict, load_model
from repairlab.feedback import train as T

ADVERSARIAL_FILE = T.REPO / "tests" / "fixtures" / "feedback" / "adversarial.yaml"


def three_way(label: str) -> str:
    return label if label in ("reflection", "question") else "other"


def annomi_held_out(utterances: list[T.Utterance], model: Model | None = None, cues: CueSet | None = None) -> dict:
    """The engine's reading of AnnoMI's held-out (odd-numbered) transcripts against the experts' codes."""
    cues = cues or load_cues()
    model = model or load_model()
    held = T.held_out_split(utterances)
    rows = []
    for u in held:
        a = analyse(u.client, u.text, cues, model)
        rows.append((u, a))
    n = len(rows)
    four = sum(1 for u, a in rows if a.behaviour == u.behaviour) / n
    three = sum(1 for u, a in rows if three_way(a.behaviour) == three_way(u.behaviour)) / n
    per_class = {}
    for label in T.BEHAVIOURS:
        tp = sum(1 for u, a in rows if u.behaviour == label and a.behaviour == label)
        n_true = sum(1 for u, _ in rows if u.behaviour == label)
        n_guess = sum(1 for _, a in rows if a.behaviour == label)
        per_class[label] = {"recall": tp / max(1, n_true), "precision": tp / max(1, n_guess), "n": n_true}
    # Complex vs simple: the complexity head on every expert-coded reflection (whole utterance) ...
    from repairlab.feedback.analysis import behaviour_of

    coded = [u for u, _ in rows if u.reflection]
    head_right = sum(1 for u in coded if (behaviour_of(u.client, u.text, cues, model)[1] >= 0.5) == (u.reflection == "complex"))
    # ... and the engine's move on the reflections it also reads as reflections.
    found = [(u, a) for u, a in rows if u.reflection and {"simple_reflection", "complex_reflection"} & set(a.move_keys)]
    engine_right = sum(1 for u, a in found if (("complex_reflection" in a.move_keys) == (u.reflection == "complex")))
    majority = max(Counter(u.reflection for u in coded).values()) / max(1, len(coded))
    questions = [(u, a) for u, a in rows if u.behaviour == "question"]
    q_found = [(u, a) for u, a in questions if {"open_question", "closed_question"} & set(a.move_keys)]
    return {
        "utterances": n, "transcripts": len({u.transcript for u in held}),
        "four_way": four, "three_way": three, "per_class": per_class,
        "complex_head": head_right / max(1, len(coded)), "complex_coded": len(coded),
        "complex_engine": engine_right / max(1, len(found)), "complex_engine_n": len(found),
        "complex_majority": majority,
        "reflection_hit": sum(1 for u, a in rows if u.behaviour == "reflection" and a.behaviour == "reflection")
        / max(1, sum(1 for u, _ in rows if u.behaviour == "reflection")),
        "questions_found": len(q_found) / max(1, len(questions)),
    }


def bank_cross_validation(replies: list[T.Reply], utterances: list[T.Utterance], folds: int = 5,
                          cues: CueSet | None = None, annomi_heads=None, cases: list[dict] | None = None,
                          bank=None) -> dict:
    """Item-grouped cross-validation of the whole engine on the bank's exemplary/poor pairs.

    For each fold the quality head, the generic-word list and the lexicon are rebuilt from the
    other folds' items only (the quality head's C chosen by an inner grouped CV on those items),
    and the full engine, guards and caps included, scores the held-out items' replies. With
    ``cases`` (the adversarial suite) and ``bank``, each gamed reply is also scored by the model
    of the fold that did not see its statement, against that model's median exemplary score."""
    from repairlab.feedback.analysis import read
    from repairlab.feedback.features import quality_features

    cues = cues or load_cues()
    annomi_heads = annomi_heads or T.fit_annomi_heads(utterances, cues)
    groups = [r.item for r in replies]
    scores: list[float] = [0.0] * len(replies)
    raw: list[float] = [0.0] * len(replies)
    fold_rates, chosen, adversarial_results = [], [], []
    for train_idx, test_idx in T._group_folds(groups, folds):
        train = [replies[i] for i in train_idx]
        artifact = T.build(utterances, train, cues, annomi_heads, with_pull=False)
        chosen.append(artifact["settings"]["quality_C"])
        model = from_dict(artifact)
        for i in test_idx:
            r = replies[i]
            scores[i] = analyse(r.client, r.text, cues, model).score
            reading = read(r.client, r.text, cues, model)
            raw[i] = model.quality.probability(quality_features(reading.client, reading.text, reading.flags()))
        fold_rates.append(T.pair_rate([scores[i] for i in test_idx], [replies[i] for i in test_idx])[0])
        if cases and bank is not None:
            held = {replies[i].item for i in test_idx}
            adversarial_results += adversarial([c for c in cases if c["item"] in held],
                                               [v for v in bank if v.id in held], model, cues)
    rate, ties, pairs = T.pair_rate(scores, replies)
    raw_rate, _, _ = T.pair_rate(raw, replies)
    by_pull: dict[str, list[int]] = {}
    by_item: dict[str, list[tuple[float, T.Reply]]] = {}
    for s, r in zip(scores, replies):
        by_item.setdefault(r.item, []).append((s, r))
    for found in by_item.values():
        for sg, g in found:
            if g.good != 1:
                continue
            for sp, p in found:
                if p.good == 0:
                    by_pull.setdefault(p.tag, []).append(int(sg > sp))
    lowered = sum(1 for s, r, w in zip(scores, replies, raw) if r.good == 1 and s < w - 1e-12)
    return {"pair_rate": rate, "ties": ties, "pairs": pairs, "items": len(by_item), "folds": fold_rates,
            "raw_pair_rate": raw_rate, "quality_C": chosen,
            "by_pull": {k: (sum(v) / len(v), len(v)) for k, v in sorted(by_pull.items(), key=lambda kv: -len(kv[1]))},
            "exemplary_lowered": lowered, "exemplary": sum(1 for r in replies if r.good == 1),
            "adversarial": adversarial_results}


def load_adversarial(path: Path = ADVERSARIAL_FILE) -> list[dict]:
    import yaml

    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        case["text"] = case["response"] * int(case.get("repeat", 1))
    return cases


def adversarial(cases: list[dict], bank, model: Model | None = None, cues: CueSet | None = None) -> list[dict]:
    """Each case's score against the median exemplary score for its statement."""
    cues = cues or load_cues()
    model = model or load_model()
    items = {v.id: v for v in bank}
    out = []
    for case in cases:
        item = items.get(case["item"])
        if item is None:
            out.append({**case, "skipped": True})
            continue
        median = statistics.median(analyse(item.client_statement, e.text, cues, model).score for e in item.exemplary_responses)
        a = analyse(item.client_statement, case["text"], cues, model)
        expect = set(case.get("expect") or [])
        out.append({**case, "skipped": False, "score": a.score, "median_exemplar": median, "passed": a.score < median,
                    "named": (not expect) or bool(expect & set(a.pull_keys)), "pulls": a.pull_keys, "message": a.message})
    return out


def latency(pairs: list[tuple[str, str]], cues: CueSet | None = None, model: Model | None = None,
            ) -> tuple[list[float], list[float]]:
    """Milliseconds per reply after load, sorted: wall-clock, and this thread's CPU time (which
    other programs running on the machine do not inflate)."""
    cues = cues or load_cues()
    model = model or load_model()
    analyse(*pairs[0], cues, model)
    wall, cpu = [], []
    for client, response in pairs:
        t0, c0 = time.perf_counter(), time.thread_time()
        analyse(client, response, cues, model)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.thread_time() - c0) * 1000)
    return sorted(wall), sorted(cpu)
