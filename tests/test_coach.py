"""The coach view on real exported records: read-only, comments beside the record, damage reported."""

from __future__ import annotations

import hashlib

import pytest

from repairlab.coach import CommentsError, load_comments, open_record, save_comment
from repairlab.coach.comments import comments_path
from repairlab.exercises.coach_view import CoachView
from repairlab.exercises.draft import DraftExercise
from repairlab.exercises.skill import SkillExercise
from repairlab.session import Session
from repairlab.skills import load_skills
from repairlab.store import ProgressStore
from repairlab.store.transfer import write_export


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def records(tmp_path, bank):
    """Two learners' exports, made the way a learner makes them."""
    folder = tmp_path / "records"
    folder.mkdir()
    for learner, text in (("ada", "It sounds like my suggestion didn't land. What happened for you?"),
                          ("ben", "Let's get on with the homework.")):
        store = ProgressStore(tmp_path / f"{learner}.sqlite3")
        session = Session.open(store=store, learner_id=learner, bank=bank)
        item = bank.practice_items()[0]
        DraftExercise(item, session=session).submit(text)
        skill = next(iter(load_skills(bank)))
        ex = SkillExercise(skill, session=session, round_size=1, seed=5)
        ex.respond("I notice you went quiet when I mentioned the worksheet.", met=[0, 1, 2])
        ex.advance()
        ex.react("good_challenge", "engaged")
        write_export(store.export_learner(learner), folder / f"{learner}.json")
        store.close()
    return folder


def test_the_coach_sees_drafts_ticks_and_reactions_and_the_record_is_untouched(records, bank):
    before = {p.name: _digest(p) for p in records.iterdir()}
    view = CoachView(folder=records, bank=bank)
    assert [name for name, _ in view.choose.options] == ["ada.json", "ben.json"]
    view.show([str(records / "ada.json"), str(records / "ben.json")])
    assert view.opened == ["ada.json", "ben.json"]
    ada = view.panels.children[0]
    html = ada.body.value
    assert "didn&#x27;t land" in html and "Criteria met" in html and "3 of 4" in html
    assert "Reaction checks" in html and "good challenge: 1" in html

    ada.add("Nice tentative naming in round 1; try staying with the silence a beat longer.")
    assert "staying with the silence" in ada.comments.value
    assert load_comments(records / "ada.json")[0]["text"].startswith("Nice tentative")
    after = {p.name: _digest(p) for p in records.iterdir() if p.name in before}
    assert after == before, "the learner's record is never rewritten"
    assert comments_path(records / "ada.json").exists()
    assert [name for name, _ in CoachView(folder=records, bank=bank).choose.options] == ["ada.json", "ben.json"]


def test_a_damaged_record_or_comments_file_is_reported_and_left_alone(records, bank):
    broken = records / "carl.json"
    broken.write_text("{not json")
    view = CoachView(folder=records, bank=bank)
    view.show([str(broken), str(records / "ada.json")])
    assert "carl.json" in view.message.value and "not a readable JSON file" in view.message.value
    assert view.opened == ["ada.json"]

    comments = comments_path(records / "ada.json")
    comments.write_text("garbage")
    with pytest.raises(CommentsError, match="left untouched"):
        save_comment(records / "ada.json", "another note")
    assert comments.read_text() == "garbage"
    panel = CoachView(folder=records, bank=bank)
    panel.show([str(records / "ada.json")])
    assert "left untouched" in panel.panels.children[0].comments.value
    assert panel.panels.children[0].save.disabled


def test_open_record_reads_what_the_learner_exported(records):
    record = open_record(records / "ben.json")
    assert record.learner == "ben"
    assert [d["text"] for drafts in record.drafts_by_item().values() for d in drafts][0].startswith("Let's get on")
    assert record.journal("skill_round")[0]["challenge"] == "good_challenge"
