"""The smaller data files are checked like the bank: a problem names the file, line and field."""

from __future__ import annotations

import shutil

import pytest

from repairlab.datafiles import DataFileError, ReactionForm, TaxonomyFile, load_data_file


def test_the_shipped_files_are_valid(repo):
    taxonomy = load_data_file(repo / "data" / "taxonomy.yaml", TaxonomyFile)
    form = load_data_file(repo / "data" / "practice" / "reaction_form.yaml", ReactionForm)
    assert "persuade_argue" in taxonomy.pulls and "," in taxonomy.pulls["persuade_argue"].definition
    assert {"positive", "afraid", "uncertain", "anxious"} <= set(form.feelings)


def test_an_unquoted_comma_in_a_definition_is_caught_with_its_line(repo, tmp_path):
    path = tmp_path / "taxonomy.yaml"
    text = (repo / "data" / "taxonomy.yaml").read_text()
    broken = text.replace('definition: "The therapist delivers information or advice the client did not ask for."',
                          "definition: The therapist lectures, unasked.")
    assert broken != text
    path.write_text(broken)
    with pytest.raises(DataFileError) as caught:
        load_data_file(path, TaxonomyFile)
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "lectures, unasked" in row)
    assert f"{path}:{line}: field pulls.lecture." in str(caught.value)
    assert "Extra inputs are not permitted" in str(caught.value)


def test_a_wrong_adjustment_in_the_reaction_form_names_the_field(repo, tmp_path):
    path = tmp_path / "reaction_form.yaml"
    path.write_text((repo / "data" / "practice" / "reaction_form.yaml").read_text().replace("adjust: 1", "adjust: 3"))
    with pytest.raises(DataFileError, match=r"reaction_form.yaml:\d+: field challenge.too_easy.adjust"):
        load_data_file(path, ReactionForm)


def test_a_missing_data_file_says_which_and_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match="the data file is missing"):
        load_data_file(tmp_path / "nope.yaml", ReactionForm)


def test_a_page_shows_a_damaged_store_as_a_card_not_a_traceback(tmp_path, monkeypatch):
    damaged = tmp_path / "progress.sqlite3"
    damaged.write_bytes(b"this is not a database")
    monkeypatch.setenv("REPAIRLAB_STORE", str(damaged))
    from repairlab import session, ui

    session.current_session.cache_clear()
    try:
        card = ui.dashboard()
    finally:
        session.current_session.cache_clear()
    assert "Your progress record could not be opened" in card.value
    assert "not a repairlab progress store" in card.value and "left untouched" in card.value
    assert damaged.read_bytes() == b"this is not a database"


def test_feedback_on_a_risk_item_says_when_the_draft_does_not_attend_to_risk(tmp_path, bank):
    from repairlab.exercises.draft import DraftExercise
    from repairlab.session import Session
    from repairlab.store import ProgressStore

    item = next(v for v in bank.practice_items() if "risk" in v.tags)
    session = Session.open(store=ProgressStore(tmp_path / "s.sqlite3"), learner_id="t", bank=bank)
    draft = DraftExercise(item, session=session)
    draft.submit("It sounds like the homework felt pointless this week. What got in the way?")
    assert "Safety first" in draft.feedback.value and "does not ask about it" in draft.feedback.value
    draft.submit("Before anything else: are you having thoughts of ending your life right now?")
    assert "attends to the risk" in draft.feedback.value and "ending your life" in draft.feedback.value
    plain = DraftExercise(next(v for v in bank.practice_items() if "risk" not in v.tags), session=session)
    plain.submit("What was that like for you?")
    assert "Safety first" not in plain.feedback.value


def test_the_feedback_cues_are_checked_and_a_bad_threshold_is_named(repo, tmp_path):
    from repairlab.datafiles import CuesFile

    load_data_file(repo / "data" / "feedback" / "cues.yaml", CuesFile)
    path = tmp_path / "cues.yaml"
    text = (repo / "data" / "feedback" / "cues.yaml").read_text()
    path.write_text(text.replace("simple_overlap_threshold:", "simple_overlap_threshold: 7 #", 1))
    with pytest.raises(DataFileError, match=r"cues.yaml:\d+: field simple_overlap_threshold"):
        load_data_file(path, CuesFile)
