"""The answer sheet that travels with a submission, and marking a statement from it."""

from __future__ import annotations

import json

import pytest

from repairlab.course.answers import (
    ANSWER_FILE,
    AnswerFileMalformed,
    AnswerFileMissing,
    AnswerSheet,
    MAX_BYTES,
)
from repairlab.course.grading import mark_classification

KEY_RUPTURE = {"item": "wd-den-01", "family": "withdrawal_rupture", "subtype": "denial", "points": 2}
KEY_NOT_RUPTURE = {"item": "nr-05", "family": "no_rupture", "subtype": None, "points": 2}


@pytest.fixture
def sheet(tmp_path):
    return AnswerSheet(tmp_path, "a1")


def test_saved_answers_read_back_and_keep_each_other(sheet):
    sheet.save("q01", "classify", {"family": "withdrawal_rupture", "subtype": "denial"})
    sheet.save("q02", "classify", {"family": "no_rupture", "subtype": None})
    sheet.save("q01", "classify", {"family": "withdrawal_rupture", "subtype": "minimal_response"})
    answers = sheet.read()
    assert answers.problems == {}
    assert answers.value("q01") == {"family": "withdrawal_rupture", "subtype": "minimal_response"}
    assert answers.value("q02")["family"] == "no_rupture"


def test_a_hand_edited_entry_is_reported_and_the_others_still_count(sheet):
    sheet.save("q01", "classify", {"family": "no_rupture", "subtype": None})
    sheet.save("q02", "classify", {"family": "no_rupture", "subtype": None})
    document = json.loads(sheet.path.read_text())
    document["answers"]["q01"]["value"]["family"] = "withdrawal_rupture"
    sheet.path.write_text(json.dumps(document))
    answers = sheet.read()
    assert "q01" in answers.problems and "changed outside the exercise" in answers.problems["q01"]
    assert answers.value("q02") == {"family": "no_rupture", "subtype": None}


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not valid JSON"),
        ("[]", "no 'answers' table"),
        ('{"format": 99, "assignment": "a1", "answers": {}}', "format 99"),
        ('{"format": 1, "assignment": "other", "answers": {}}', "belongs to assignment 'other'"),
    ],
)
def test_a_malformed_file_is_reported(sheet, content, message):
    sheet.path.write_text(content)
    with pytest.raises(AnswerFileMalformed, match=message):
        sheet.read()


def test_an_oversized_file_is_refused_before_parsing(sheet):
    sheet.path.write_text(" " * (MAX_BYTES + 1))
    with pytest.raises(AnswerFileMalformed, match="more than"):
        sheet.read()


def test_a_missing_file_is_reported(sheet):
    with pytest.raises(AnswerFileMissing, match=ANSWER_FILE):
        sheet.read()
    assert sheet.read_for_student().entries == {}


def test_saving_over_a_damaged_file_refuses_and_leaves_it_as_it_was(sheet):
    sheet.path.write_text("{half a file")
    with pytest.raises(AnswerFileMalformed, match="left as it is"):
        sheet.save("q01", "classify", {"family": "no_rupture"})
    assert sheet.path.read_text() == "{half a file"


def test_a_failed_write_keeps_the_previous_sheet(sheet, monkeypatch):
    sheet.save("q01", "classify", {"family": "no_rupture", "subtype": None})
    before = sheet.path.read_text()
    monkeypatch.setattr("repairlab.atomic.os.replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        sheet.save("q02", "classify", {"family": "no_rupture", "subtype": None})
    assert sheet.path.read_text() == before
    assert [p.name for p in sheet.path.parent.iterdir()] == [ANSWER_FILE]


# Marking -----------------------------------------------------------------------------------


def _answers(sheet, value):
    sheet.save("q01", "classify", value)
    return sheet.read()


@pytest.mark.parametrize(
    "value, points, words",
    [
        ({"family": "withdrawal_rupture", "subtype": "denial"}, 2.0, "family and marker both right"),
        ({"family": "withdrawal_rupture", "subtype": "minimal_response"}, 1.0, "the marker is not"),
        ({"family": "confrontation_rupture", "subtype": "defends_self"}, 0.0, "family is not right"),
        ({"family": "made_up", "subtype": None}, 0.0, "not one of the offered choices"),
        ("withdrawal_rupture", 0.0, "not one of the offered choices"),
    ],
)
def test_marking_a_rupture(sheet, taxonomy, value, points, words):
    mark = mark_classification("q01", KEY_RUPTURE, _answers(sheet, value), taxonomy)
    assert (mark.points, mark.max_points) == (points, 2.0)
    assert words in mark.message


def test_a_statement_that_is_not_a_rupture_earns_both_points_with_the_family(sheet, taxonomy):
    mark = mark_classification("q01", KEY_NOT_RUPTURE, _answers(sheet, {"family": "no_rupture"}), taxonomy)
    assert mark.points == 2.0


def test_unanswered_missing_and_tampered_score_zero_with_a_reason(sheet, taxonomy):
    assert "not answered" in mark_classification("q09", KEY_RUPTURE, sheet.read_for_student(), taxonomy).message
    missing = mark_classification("q01", KEY_RUPTURE, AnswerFileMissing("No answer file was found."), taxonomy)
    assert missing.points == 0 and "no answer file was found" in missing.message
    answers = _answers(sheet, {"family": "withdrawal_rupture", "subtype": "denial"})
    answers.problems["q01"] = "the entry for q01 was changed outside the exercise"
    tampered = mark_classification("q01", KEY_RUPTURE, answers, taxonomy)
    assert tampered.points == 0 and "changed outside the exercise" in tampered.message


def test_a_mark_never_names_the_right_answer(sheet, taxonomy):
    for value in ({"family": "no_rupture"}, {"family": "withdrawal_rupture", "subtype": "minimal_response"}):
        message = mark_classification("q01", KEY_RUPTURE, _answers(sheet, value), taxonomy).message
        for secret in ("denial", "Denial", taxonomy.subtypes["withdrawal_rupture"]["denial"].label):
            assert secret not in message
