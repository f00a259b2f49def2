"""Marking one classification from the answer sheet against the key.

Each statement is worth two points: one for the family, one for the 3RS marker. A statement
that is not a rupture has no marker to name, so its second point comes with the family. The
message says what earned or lost points without ever naming the right answer, because it is
printed into the autograded notebook and so into the feedback the student receives.

A missing, unreadable or hand-edited answer scores zero for the statements it affects, with a
message that says why; it never stops the other statements from being graded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repairlab.bank.scoring import POINTS_PER_STATEMENT, classify_outcome
from repairlab.bank.taxonomy import Taxonomy
from repairlab.course.answers import AnswerFileError, Answers


@dataclass(frozen=True)
class Mark:
    question: str
    points: float
    max_points: float
    message: str


def mark_classification(question: str, key: dict[str, Any], answers: Answers | AnswerFileError,
                        taxonomy: Taxonomy) -> Mark:
    top = float(key.get("points", POINTS_PER_STATEMENT))

    def mark(points: float, why: str) -> Mark:
        points = float(points)
        return Mark(question, points, top, f"Statement {question}: {why} ({points:g} of {top:g} points).")

    if isinstance(answers, AnswerFileError):
        return mark(0, f"not graded, because {_lower_first(str(answers))}")
    if question in answers.problems:
        return mark(0, f"not graded, because {answers.problems[question]}")
    value = answers.value(question)
    if value is None:
        return mark(0, "not answered")
    family = value.get("family") if isinstance(value, dict) else None
    subtype = value.get("subtype") if isinstance(value, dict) else None
    if family not in taxonomy.families:
        return mark(0, "the saved answer is not one of the offered choices")
    outcome = classify_outcome(taxonomy, key["family"], key["subtype"], family, subtype)
    if not outcome.family_correct:
        return mark(0, "the family is not right")
    if outcome.subtype_correct is None:
        return mark(outcome.points(top), "right")
    if outcome.subtype_correct:
        return mark(outcome.points(top), "family and marker both right")
    return mark(outcome.points(top), "the family is right; the marker is not")


def mark_scenario(question: str, key: dict[str, Any], answers: Answers | AnswerFileError) -> Mark:
    """Points for each stage-appropriate move on the first turns of the path (as many turns as the
    expert path has: an expert option 1, a workable one 0.5, a poor one 0) and for the ending
    reached (resolved 2, partly resolved 1). The message names the ending of the student's own
    path and counts moves, never which option would have been the expert one."""
    from repairlab.course.scenario_key import ENDING_POINTS, MOVE_POINTS

    top = float(key["points"])

    def mark(points: float, why: str) -> Mark:
        return Mark(question, float(points), top, f"Scenario {question}: {why} ({float(points):g} of {top:g} points).")

    if isinstance(answers, AnswerFileError):
        return mark(0, f"not graded, because {_lower_first(str(answers))}")
    if question in answers.problems:
        return mark(0, f"not graded, because {answers.problems[question]}")
    value = answers.value(question)
    path = value.get("path") if isinstance(value, dict) else None
    if not path:
        return mark(0, "not played")
    position, moves = key["start"], []
    for step in path:
        option = key["options"].get(step.get("option")) if isinstance(step, dict) else None
        if option is None or option["node"] != position:
            return mark(0, "the saved path does not follow the scenario, so it cannot be graded")
        moves.append(option["quality"])
        position = option["next"]
    counted = moves[: key["expert_turns"]]
    move_points = sum(MOVE_POINTS[q] for q in counted)
    ending = key["endings"].get(position)
    if ending is None:
        return mark(move_points, f"{len(counted)} turns taken, the scenario was not finished; "
                                 f"{move_points:g} points for the moves")
    points = move_points + ENDING_POINTS[ending["kind"]]
    return mark(points, f"{move_points:g} points for the moves on the first {len(counted)} turns, and the "
                        f"conversation ended {ending['kind'].replace('_', ' ')}")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
