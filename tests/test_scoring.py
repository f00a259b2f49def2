"""The one rule for a classification, and the places that must use it agreeing with each other."""

from __future__ import annotations

import pytest

from repairlab.bank.scoring import classify_outcome, stored_outcome

CASES = [
    # true family, true subtype, chosen family, chosen subtype, family ok, subtype ok, correct, points
    ("withdrawal_rupture", "denial", "withdrawal_rupture", "denial", True, True, True, 2),
    ("withdrawal_rupture", "denial", "withdrawal_rupture", "minimal_response", True, False, False, 1),
    ("withdrawal_rupture", "denial", "confrontation_rupture", "defends_self", False, None, False, 0),
    ("no_rupture", None, "no_rupture", None, True, None, True, 2),
    ("change_talk", "desire", "change_talk", None, True, None, True, 2),
    ("no_rupture", None, "withdrawal_rupture", "denial", False, None, False, 0),
    ("confrontation_rupture", "control_pressure", None, None, False, None, False, 0),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_the_rule(taxonomy, case):
    true_family, true_subtype, family, subtype, family_ok, subtype_ok, correct, points = case
    outcome = classify_outcome(taxonomy, true_family, true_subtype, family, subtype)
    assert (outcome.family_correct, outcome.subtype_correct, outcome.correct) == (family_ok, subtype_ok, correct)
    assert outcome.points() == points
    stored = stored_outcome({"family_correct": int(family_ok),
                             "subtype_correct": None if subtype_ok is None else int(subtype_ok)})
    assert stored == outcome


def test_rupture_families_come_from_the_taxonomy(taxonomy):
    assert [f for f in taxonomy.families if taxonomy.is_rupture(f)] == ["withdrawal_rupture", "confrontation_rupture"]
    assert taxonomy.scenario_families() == ["withdrawal_rupture", "confrontation_rupture", "sustain_talk"]


def test_grading_marks_by_the_same_rule(taxonomy):
    from repairlab.course.answers import Answers
    from repairlab.course.grading import mark_classification

    for true_family, true_subtype, family, subtype, *_, points in CASES:
        answers = Answers(entries={"q01": {"value": {"family": family, "subtype": subtype}}})
        key = {"family": true_family, "subtype": true_subtype if taxonomy.is_rupture(true_family) else None}
        mark = mark_classification("q01", key, answers, taxonomy)
        expected = points if family in taxonomy.families else 0
        assert mark.points == expected, (true_family, family, subtype)
