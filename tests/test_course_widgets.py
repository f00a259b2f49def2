"""The graded exercises, driven through their Python interface (no browser, no kernel)."""

from __future__ import annotations

import shutil

import pytest

from repairlab.course import open_assignment
from repairlab.course.answers import ANSWER_FILE


@pytest.fixture
def folder(repo, tmp_path):
    """A student's fetched copy of the orientation assignment."""
    target = tmp_path / "a0_orientation"
    shutil.copytree(repo / "instructor" / "source" / "a0_orientation", target)
    return target


def test_a_saved_classification_comes_back_without_a_verdict(folder):
    widget = open_assignment(folder).classify("q01")
    widget.answer("withdrawal_rupture", "minimal_response")
    status = widget.status.value.split("</style>")[-1]
    assert "Saved at" in status and "marked after you submit" in status
    for giveaway in (" right", "Yes", "\u2716", "Not quite"):
        assert giveaway not in status
    again = open_assignment(folder).classify("q01")
    assert (again.family.value, again.subtype.value) == ("withdrawal_rupture", "minimal_response")
    assert "You can change it" in again.status.value


def test_a_damaged_answer_file_is_shown_and_never_overwritten(folder):
    (folder / ANSWER_FILE).write_text("{oops")
    widget = open_assignment(folder).classify("q02")
    assert "not valid JSON" in widget.status.value
    widget.answer("no_rupture")
    assert "was not saved" in widget.status.value
    assert (folder / ANSWER_FILE).read_text() == "{oops"


def test_drafts_accumulate_get_feedback_and_hide_the_model_responses(folder, bank):
    draft = open_assignment(folder).draft("d01")
    draft.submit("Okay. Let's get started then.")
    draft.submit("You said it didn't bother you; I'd understand if it did, and I'd want to hear it.")
    assert "Draft 2 saved" in draft.feedback.value and "Feedback." in draft.feedback.value
    assert open_assignment(folder).draft("d01").drafts == draft.drafts
    item = bank.get("wd-den-01")
    shown = draft.feedback.value + draft.history.value
    assert not any(r.text[:40] in shown for r in item.exemplary_responses)


def test_a_grading_run_shows_the_grader_what_was_saved(folder, monkeypatch):
    assignment = open_assignment(folder)
    assignment.classify("q01").answer("withdrawal_rupture", "denial")
    assignment.draft("d01").submit("I wonder what it was like waiting for sessions that didn't happen.")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    shown = open_assignment(folder)
    assert "Withdrawal" in shown.classify("q01").data and "Denial" in shown.classify("q01").data
    assert "No answer was saved" in shown.classify("q02").data
    draft = shown.draft("d01").data
    assert "waiting for sessions" in draft and "Suggestion for the grader, not the grade" in draft
