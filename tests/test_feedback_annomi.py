"""The feedback engine's reading against expert codes in AnnoMI, on held-out transcripts.

AnnoMI lives in ../shared (not shipped with the product); without it these tests skip. The
engine's patterns were tuned on even-numbered transcripts only; these tests read the odd ones.
The floors sit a little under the figures the benchmark prints (see README), so a change that
makes the engine read therapists worse fails here.
"""

from __future__ import annotations

import pytest

from conftest import SHARED

ANNOMI = SHARED / "datasets" / "annomi" / "derived_therapist_behaviour_with_prev_turn.csv"
pytestmark = pytest.mark.skipif(not ANNOMI.exists(), reason="AnnoMI is not available (../shared absent)")


@pytest.fixture(scope="module")
def held_out():
    import pandas as pd

    from repairlab.feedback import analyse

    frame = pd.read_csv(ANNOMI).fillna("")
    frame = frame[frame["transcript_id"] % 2 == 1]
    return [(row, analyse(row.prev_text, row.utterance_text)) for row in frame.itertuples()]


def test_main_behaviour_agrees_with_experts(held_out):
    agree = sum(1 for row, a in held_out if row.main_therapist_behaviour == a.behaviour)
    assert agree / len(held_out) >= 0.65


def test_questions_are_recognised_and_told_open_from_closed(held_out):
    questions = [(row, a) for row, a in held_out if row.main_therapist_behaviour == "question"
                 and row.question_subtype in ("open", "closed")]
    found = [(row, a) for row, a in questions if {"open_question", "closed_question"} & set(a.move_keys)]
    assert len(found) / len(questions) >= 0.85
    right = sum(1 for row, a in found if f"{row.question_subtype}_question" in a.move_keys)
    assert right / len(found) >= 0.75


def test_reflections_are_recognised_more_often_than_chance(held_out):
    reflections = [a for row, a in held_out if row.main_therapist_behaviour == "reflection"]
    others = [a for row, a in held_out if row.main_therapist_behaviour == "other"]
    hit = sum(1 for a in reflections if a.behaviour == "reflection") / len(reflections)
    false_alarm = sum(1 for a in others if a.behaviour == "reflection") / len(others)
    assert hit >= 0.45 and false_alarm <= 0.1
