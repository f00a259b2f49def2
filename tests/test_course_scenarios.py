"""Scenarios in a graded assignment: the student's copy gives nothing away, the path is marked
from the key, and the drafts are kept for hand grading. Driven through the widget as a student
would, and graded as ``nbgrader autograde`` runs the grading cells (NBGRADER_EXECUTION)."""

from __future__ import annotations

import json
import shutil

import pytest

from repairlab.course import open_assignment
from repairlab.course.build import build_course
from repairlab.scenarios import expert_path, load_scenarios

A5 = "a5_rupture_scenarios"


@pytest.fixture(scope="module")
def built(tmp_path_factory, repo):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(repo / "instructor" / "course.yaml", course / "course.yaml")
    build_course(course)
    return course


def fetched(built, tmp_path, monkeypatch):
    folder = tmp_path / A5
    shutil.copytree(built / "source" / A5, folder)
    monkeypatch.setenv("REPAIRLAB_COURSE_ROOT", str(built))
    return folder


def test_the_students_copy_names_no_scenario_node_label_or_debrief(built):
    text = (built / "source" / A5 / "items.json").read_text()
    key = json.loads((built / "keys" / f"{A5}.json").read_text())
    notebook = (built / "source" / A5 / f"{A5}.ipynb").read_text()
    for question, entry in key["scenarios"].items():
        scenario = load_scenarios().get(entry["scenario"])
        secrets = [scenario.id, '"quality"', '"expert"', '"strategy"', '"pull"', '"why"', '"resolved"', '"partly_resolved"', '"deepened"', '"unresolved"']
        secrets += [o.why for n in scenario.nodes.values() for o in n.options]
        secrets += [e.debrief for e in scenario.endings.values()]
        secrets += [f'"{node}"' for node in scenario.nodes]
        for where in (text, notebook):
            assert not [s for s in secrets if s in where]
        assert scenario.nodes[scenario.start].client in text  # the student can still play it


def _play(assignment, question, choose):
    """Play through the widget; ``choose(turn_number, options_with_quality)`` picks a shown position."""
    key = assignment._key["scenarios"][question]
    widget = assignment.scenario(question)
    turn = 0
    while not widget.finished and turn < 30:
        shown = [key["options"][value]["quality"] for _, value in widget.options.options]
        position = choose(turn, shown)
        if position is None:
            break
        widget.play(position, f"My reply at turn {turn + 1}.")
        turn += 1
    return widget


def _grade(folder, question, monkeypatch):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    return open_assignment(folder).scenario_score(question)


def test_a_perfect_a_partial_and_an_empty_path_score_exactly(built, tmp_path, monkeypatch):
    folder = fetched(built, tmp_path, monkeypatch)
    assignment = open_assignment(folder)
    question = "s01"
    scenario = load_scenarios().get(assignment._key["scenarios"][question]["scenario"])
    turns = len(expert_path(scenario))

    widget = _play(assignment, question, lambda turn, shown: shown.index("expert"))
    assert widget.finished
    assert _grade(folder, question, monkeypatch) == turns + 2

    monkeypatch.delenv("NBGRADER_EXECUTION")
    open_assignment(folder).scenario(question).start_again()
    # expert on the first turn, then the poor option, then expert for as long as the path lasts
    widget = _play(open_assignment(folder), question,
                   lambda turn, shown: shown.index("poor" if turn == 1 else "expert"))
    saved = json.loads((folder / "answers.json").read_text())["answers"][question]["value"]
    assert len(saved["earlier"]) == 1 and len(saved["path"]) >= 2
    walked = [assignment._key["scenarios"][question]["options"][s["option"]] for s in saved["path"]]
    expected = sum({"expert": 1, "workable": 0.5, "poor": 0}[o["quality"]] for o in walked[:turns])
    ending = assignment._key["scenarios"][question]["endings"][walked[-1]["next"]]["kind"] \
        if walked[-1]["next"] in assignment._key["scenarios"][question]["endings"] else None
    expected += {"resolved": 2, "partly_resolved": 1}.get(ending, 0)
    got = _grade(folder, question, monkeypatch)
    assert got == expected and got < turns + 2

    assert _grade(folder, "s02", monkeypatch) == 0  # never played


def test_a_path_edited_by_hand_is_not_graded(built, tmp_path, monkeypatch, capsys):
    folder = fetched(built, tmp_path, monkeypatch)
    assignment = open_assignment(folder)
    _play(assignment, "s01", lambda turn, shown: shown.index("expert") if turn < 2 else None)
    sheet_path = folder / "answers.json"
    sheet = json.loads(sheet_path.read_text())
    entry = sheet["answers"]["s01"]
    entry["value"]["path"].reverse()
    from repairlab.course.answers import entry_digest

    entry["digest"] = entry_digest(A5, "s01", "scenario", entry["value"])  # a careful forger
    sheet_path.write_text(json.dumps(sheet))
    assert _grade(folder, "s01", monkeypatch) == 0
    assert "does not follow the scenario" in capsys.readouterr().out


def test_the_grader_sees_drafts_beside_the_options_chosen(built, tmp_path, monkeypatch):
    folder = fetched(built, tmp_path, monkeypatch)
    _play(open_assignment(folder), "s02", lambda turn, shown: shown.index("expert"))
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    html = open_assignment(folder).scenario("s02").data
    assert "My reply at turn 1." in html and "Ending: resolved." in html and "One thing to try next time" in html
