"""How well does the feedback engine agree with expert labels, and how fast is it?

Prints figures; asserts nothing. Run:  .venv/bin/python benchmarks/feedback_benchmark.py

1. AnnoMI (../shared/datasets/annomi, expert-annotated MI transcripts), split by whole
   transcripts: tuning transcripts are those with an even id, held-out ones odd. Reports the
   agreement of the engine's reading (reflection / question / therapist input / other) with the
   experts' main behaviour code, simple vs complex reflections, and open vs closed questions.
2. The vignette bank: for every item, each (exemplary, poor) pair of responses to the same
   statement; reports the share of pairs the engine scores in the right order.
3. Latency per response after start-up: median and 95th percentile.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ANNOMI = REPO.parent / "shared" / "datasets" / "annomi" / "derived_therapist_behaviour_with_prev_turn.csv"


def annomi_rows(split: str):
    import pandas as pd

    frame = pd.read_csv(ANNOMI).fillna("")
    keep = frame["transcript_id"] % 2 == (1 if split == "held_out" else 0)
    return frame[keep]


def agreement(pairs) -> tuple[float, dict]:
    pairs = list(pairs)
    correct = sum(1 for truth, guess in pairs if truth == guess)
    confusion = Counter(pairs)
    return correct / max(1, len(pairs)), confusion


def macro_f1(pairs, labels) -> float:
    scores = []
    for label in labels:
        tp = sum(1 for t, g in pairs if t == label and g == label)
        fp = sum(1 for t, g in pairs if t != label and g == label)
        fn = sum(1 for t, g in pairs if t == label and g != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * p * r / (p + r) if p + r else 0.0)
    return sum(scores) / len(scores)


def evaluate_annomi(split: str) -> None:
    from repairlab.feedback import analyse

    rows = annomi_rows(split)
    behaviour, reflections, questions = [], [], []
    for row in rows.itertuples():
        a = analyse(row.prev_text, row.utterance_text)
        behaviour.append((row.main_therapist_behaviour, a.behaviour))
        keys = set(a.move_keys)
        if row.main_therapist_behaviour == "reflection" and row.reflection_subtype in ("simple", "complex"):
            guess = "complex" if "complex_reflection" in keys else "simple" if "simple_reflection" in keys else "none"
            reflections.append((row.reflection_subtype, guess))
        if row.main_therapist_behaviour == "question" and row.question_subtype in ("open", "closed"):
            guess = "open" if "open_question" in keys else "closed" if "closed_question" in keys else "none"
            questions.append((row.question_subtype, guess))
    labels = ["reflection", "question", "therapist_input", "other"]
    acc, _ = agreement(behaviour)
    print(f"  main behaviour ({len(behaviour)} utterances): accuracy {acc:.3f}, macro-F1 {macro_f1(behaviour, labels):.3f}")
    for label in labels:
        tp = sum(1 for t, g in behaviour if t == label and g == label)
        n_true = sum(1 for t, _ in behaviour if t == label)
        n_guess = sum(1 for _, g in behaviour if g == label)
        print(f"    {label:<16} recall {tp / max(1, n_true):.3f}  precision {tp / max(1, n_guess):.3f}  (n={n_true})")
    found = [(t, g) for t, g in reflections if g != "none"]
    acc, _ = agreement(found)
    print(f"  reflections recognised as reflections: {len(found)}/{len(reflections)}; "
          f"simple vs complex agreement on those {acc:.3f}, macro-F1 {macro_f1(found, ['simple', 'complex']):.3f}")
    found = [(t, g) for t, g in questions if g != "none"]
    acc, _ = agreement(found)
    print(f"  questions recognised as questions: {len(found)}/{len(questions)}; "
          f"open vs closed agreement on those {acc:.3f}")


def evaluate_bank() -> None:
    from repairlab.bank import load_bank
    from repairlab.feedback import analyse

    bank = load_bank()
    right = ties = total = 0
    by_pull = Counter()
    by_pull_right = Counter()
    for v in bank:
        for good in v.exemplary_responses:
            g = analyse(v.client_statement, good.text).score
            for poor in v.poor_responses:
                p = analyse(v.client_statement, poor.text).score
                total += 1
                by_pull[poor.pull] += 1
                if g > p:
                    right += 1
                    by_pull_right[poor.pull] += 1
                elif g == p:
                    ties += 1
    print(f"  {total} exemplary/poor pairs from {len(bank)} items: exemplary scored higher in "
          f"{right / total:.3f}, tied {ties / total:.3f}, lower {(total - right - ties) / total:.3f}")
    for pull, n in by_pull.most_common():
        print(f"    against poor responses that {pull:<22} {by_pull_right[pull] / n:.3f} (n={n})")


def latency_figures() -> list[float]:
    """Milliseconds per analysis for every bank response to its own statement, after start-up, sorted."""
    from repairlab.bank import load_bank
    from repairlab.feedback import analyse

    bank = load_bank()
    pairs = [(v.client_statement, r.text) for v in bank for r in list(v.exemplary_responses) + list(v.poor_responses)]
    analyse(*pairs[0])  # start-up: load cues
    times = []
    for client, response in pairs:
        t0 = time.perf_counter()
        analyse(client, response)
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)


def p95(times: list[float]) -> float:
    return times[int(0.95 * (len(times) - 1))]


def latency() -> None:
    from repairlab.feedback import analyse

    times = latency_figures()
    print(f"  {len(times)} responses: median {statistics.median(times):.2f} ms, 95th percentile {p95(times):.2f} ms, "
          f"max {times[-1]:.2f} ms")
    long = "I hear you. " * 2000
    t0 = time.perf_counter()
    analyse("client", long)
    print(f"  a 24,000-character draft: {(time.perf_counter() - t0) * 1000:.1f} ms")


def main() -> int:
    sys.path.insert(0, str(REPO / "widgets"))
    if ANNOMI.exists():
        for split in ("tuning", "held_out"):
            print(f"AnnoMI, {split} transcripts")
            evaluate_annomi(split)
    else:
        print(f"AnnoMI not found at {ANNOMI}: skipped")
    print("Vignette bank")
    evaluate_bank()
    print("Latency")
    latency()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
