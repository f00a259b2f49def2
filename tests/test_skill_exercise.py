"""Single-skill practice through the widget's Python interface, with a real store: rounds,
criteria ticks, and the assess-and-adjust rule moving the next round."""

from __future__ import annotations

import pytest

from repairlab.exercises.skill import JOURNAL_KIND, SkillExercise, skill_menu
from repairlab.session import Session
from repairlab.skills import load_skills
from repairlab.practice.drill_plan import next_level
from repairlab.skills.rounds import SkillPlan
from repairlab.store import ProgressStore

LEVELS = ["beginner", "intermediate", "advanced"]


@pytest.fixture
def session(tmp_path, bank):
    store = ProgressStore(tmp_path / "progress.sqlite3")
    yield Session.open(store=store, learner_id="trainee", bank=bank)
    store.close()


@pytest.mark.parametrize(("level", "adjust", "expected"), [
    ("beginner", 1, "intermediate"), ("intermediate", 1, "advanced"), ("advanced", 1, "advanced"),
    ("advanced", -1, "intermediate"), ("beginner", -1, "beginner"), ("intermediate", 0, "intermediate"),
])
def test_assess_and_adjust_moves_one_step_within_the_levels(level, adjust, expected):
    assert next_level(LEVELS, level, adjust) == expected


def test_a_plan_serves_statements_at_its_level_and_puts_the_objective_first(bank):
    skill = next(iter(load_skills(bank)))
    wanted = skill.statement_ids("intermediate")[-1]
    plan = SkillPlan(skill, LEVELS, level="intermediate", round_size=2, seed=3, weights={wanted: 1.0})
    assert plan.statements[0] == wanted
    assert all(bank.get(i).difficulty == "intermediate" for i in plan.statements)
    assert plan.finish_round(+1) == "advanced"
    assert all(bank.get(i).difficulty == "advanced" for i in plan.statements)


def test_a_round_drafts_ticks_criteria_and_a_too_easy_round_moves_up(session, bank):
    skill = next(iter(load_skills(bank)))
    ex = SkillExercise(skill, session=session, level="beginner", round_size=2, seed=1)
    assert ex.next_button.disabled, "nothing to move on from before a first draft"
    first = ex.item_id
    ex.respond("You said it was fine, and I noticed you went quiet. I wonder if part of you minds.", met=[0, 1])
    assert not ex.next_button.disabled
    ex.advance()
    second = ex.item_id
    assert second != first and ex.index == 1
    ex.respond("Let's get back to the worksheet.", met=[])
    ex.advance()
    assert ex.awaiting_reaction
    assert ex.react("too_easy", "engaged") == "intermediate"
    assert ex.round_number == 2 and ex.index == 0
    assert bank.get(ex.item_id).difficulty == "intermediate"
    assert "moves up to intermediate" in ex.status.value

    rounds = session.store.journal("trainee", JOURNAL_KIND)
    assert len(rounds) == 1
    entry = rounds[0]["entry"]
    assert entry["skill"] == skill.id and entry["level"] == "beginner" and entry["next_level"] == "intermediate"
    assert entry["met"] == {first: [0, 1], second: []}
    assert entry["challenge"] == "too_easy"
    drafts = session.store.drafts("trainee")
    assert [d["item_id"] for d in drafts] == [first, second]


def test_a_too_hard_round_steps_back(session, bank):
    skill = next(iter(load_skills(bank)))
    ex = SkillExercise(skill, session=session, level="advanced", round_size=1, seed=2)
    ex.respond("I can hear how hard this is, and I want to understand what just happened between us.")
    ex.advance()
    assert ex.react("too_hard", "hooked", anxious=3) == "intermediate"
    assert "steps back to intermediate" in ex.status.value


def test_the_menu_opens_the_chosen_skill(session, bank):
    menu = skill_menu(session)
    choose, holder = menu.children
    skill = next(iter(load_skills(bank)))
    choose.value = skill.id
    assert isinstance(holder.children[0], SkillExercise)
    assert holder.children[0].skill.id == skill.id


def test_partner_mode_saves_the_observers_ticks_and_swaps_roles(session, bank):
    from repairlab.exercises.partner import JOURNAL_KIND as PARTNER, PartnerRound

    skill = next(iter(load_skills(bank)))
    ex = PartnerRound(skill, session=session, level="beginner", seed=4)
    ex.name_a.value, ex.name_b.value = "Ada", "Ben"
    assert (ex.reader, ex.responder) == ("Ada", "Ben")
    first = ex.item_id
    assert bank.get(first).client_statement[:20] in ex.card.value.replace("&#x27;", "'")
    ex.tick([0, 2])
    saved = ex.save_turn()
    assert saved["met"] == [0, 2] and saved["responder"] == "Ben" and saved["item_id"] == first
    assert (ex.reader, ex.responder) == ("Ben", "Ada")
    assert ex.item_id != first
    assert not any(box.value for box in ex.boxes), "ticks start fresh for the next turn"
    ex.save_turn()
    entries = [j["entry"] for j in session.store.journal("trainee", PARTNER)]
    assert [(x["responder"], x["met"]) for x in entries] == [("Ben", [0, 2]), ("Ada", [])]
