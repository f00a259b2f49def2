"""Drill scheduling: assess-and-adjust difficulty, spaced return of missed items, practice only."""

from __future__ import annotations

import pytest

from repairlab.practice import DrillPlan
from repairlab.practice.drill_plan import RETURN_AFTER_MISS, RETURN_AFTER_REPAIR


def test_only_practice_items_are_ever_drawn(bank):
    plan = DrillPlan(bank, seed=1)
    for _ in range(500):
        item = plan.next_item()
        assert item.pool == "practice"
        plan.record(item, correct=plan.step % 3 != 0)
        if plan.block_done:
            plan.adjust()


def test_items_come_at_the_current_level(bank):
    plan = DrillPlan(bank, level="advanced", seed=2)
    assert all(plan.next_item().difficulty == "advanced" for _ in range(10))


def test_a_missed_item_returns_then_returns_again_later(bank):
    plan = DrillPlan(bank, seed=4)
    missed = plan.next_item()
    plan.record(missed, correct=False)
    shown = []
    for _ in range(RETURN_AFTER_MISS):
        item = plan.next_item()
        shown.append(item.id)
        plan.record(item, correct=item.id != missed.id or True)
    assert shown[-1] == missed.id, "a missed item comes back after a short gap"
    later = []
    for _ in range(RETURN_AFTER_REPAIR):
        item = plan.next_item()
        later.append(item.id)
        plan.record(item, correct=True)
    assert later[-1] == missed.id, "and once more after a longer gap"
    assert missed.id not in plan.due


@pytest.mark.parametrize(("reaction", "start", "end"), [
    (1, "beginner", "intermediate"), (0, "intermediate", "intermediate"), (-1, "intermediate", "beginner"),
    (-1, "beginner", "beginner"), (1, "advanced", "advanced"),
])
def test_reaction_moves_the_level(bank, reaction, start, end):
    plan = DrillPlan(bank, level=start)
    assert plan.adjust(reaction) == end


def test_without_a_reaction_accuracy_decides(bank):
    plan = DrillPlan(bank, level="intermediate", block_size=4)
    plan.block = [True, True, True, True]
    assert plan.adjust() == "advanced"
    plan.block = [False, False, True, False]
    assert plan.adjust() == "intermediate"


def test_resume_brings_back_what_was_last_missed(bank):
    practice = bank.practice_items()
    answers = [
        {"item_id": practice[0].id, "family_correct": 0, "subtype_correct": None},
        {"item_id": practice[1].id, "family_correct": 1, "subtype_correct": 1},
        {"item_id": practice[2].id, "family_correct": 1, "subtype_correct": 0},
        {"item_id": practice[0].id, "family_correct": 1, "subtype_correct": 1},
    ]
    plan = DrillPlan.resume(bank, answers, seed=5)
    assert plan.next_item().id == practice[2].id


def test_unknown_level_is_refused(bank):
    with pytest.raises(ValueError, match="allowed: beginner, intermediate, advanced"):
        DrillPlan(bank, level="expert")
