"""How often do AnnoMI's own experts agree with each other? The ceiling for the feedback engine.

Prints figures; asserts nothing. Needs AnnoMI at ../shared/datasets/annomi (as the model's
rebuild does); the product never reads it. Run:

    .venv/bin/python benchmarks/annomi_agreement.py

Some transcripts were coded by several experts (AnnoMI-full.csv has one row per expert per
utterance). On the therapist's utterances of those transcripts, for the codes the engine is
measured on (benchmarks/feedback_benchmark.py):

- two experts agree: every pair of experts who coded the same utterance, the share that gave the
  same code. The engine's held-out figures compare it with one expert's codes, so this is the
  fair comparison;
- one expert against the majority of the others: the best a reader of the consensus could score
  against a single expert.

Codes: the main behaviour in three (reflection, question, other: information and advice counted
as other, as the engine's figure does) and in four; complex against simple, on the utterances
most experts call a reflection.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter
from pathlib import Path

FULL = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "annomi" / "AnnoMI-full.csv"


def three(code: str) -> str:
    return code if code in ("reflection", "question") else "other"


def agreement(groups: list[list[str]]) -> tuple[float, float]:
    """(pairwise agreement, one against the majority of the others) over groups of codes."""
    pairs, against_rest = [], []
    for codes in groups:
        pairs += [a == b for a, b in itertools.combinations(codes, 2)]
        for i, code in enumerate(codes):
            rest = Counter(codes[:i] + codes[i + 1:]).most_common()
            top = [c for c, n in rest if n == rest[0][1]]
            against_rest.append((code in top) / len(top))  # a tie among the others is shared
    return sum(pairs) / len(pairs), sum(against_rest) / len(against_rest)


def main() -> int:
    if not FULL.exists():
        print(f"AnnoMI is not at {FULL}; nothing to measure.")
        return 0
    import pandas as pd

    rows = pd.read_csv(FULL)
    therapist = rows[rows.interlocutor == "therapist"]
    coders = therapist.groupby("transcript_id").annotator_id.nunique()
    shared = therapist[therapist.transcript_id.isin(coders[coders > 1].index)]
    utterances = list(shared.groupby(["transcript_id", "utterance_id"]))
    print(f"{shared.transcript_id.nunique()} transcripts coded by more than one expert, "
          f"{len(utterances)} therapist utterances")
    for name, code in (("reflection / question / other", three), ("the four main codes", lambda c: c)):
        pair, rest = agreement([[code(c) for c in g.main_therapist_behaviour] for _, g in utterances])
        print(f"  {name}: two experts agree {pair:.3f}; one against the majority of the others {rest:.3f}")
    reflections = []
    for _, g in utterances:
        if Counter(g.main_therapist_behaviour).most_common(1)[0][0] != "reflection":
            continue
        codes = [c for c in g.reflection_subtype if c in ("simple", "complex")]
        if len(codes) >= 2:
            reflections.append(codes)
    pair, rest = agreement(reflections)
    print(f"  complex vs simple ({len(reflections)} utterances most experts call a reflection): "
          f"two experts agree {pair:.3f}; one against the majority of the others {rest:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
