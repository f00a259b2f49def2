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

from repairlab.bank.taxonomy import Taxonomy
from repairlab.course.answers import AnswerFileError, Answers

POINTS_PER_STATEMENT = 2


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
    if family != key["family"]:
        return mark(0, "the family is not right")
    if not taxonomy.is_rupture(key["family"]):
        return mark(top, "right")
    if subtype == key["subtype"]:
        return mark(top, "family and marker both right")
    return mark(top / 2, "the family is right; the marker is not")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text
