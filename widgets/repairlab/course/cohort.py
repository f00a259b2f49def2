"""What the cohort report is made of: the data gathered from the gradebook and the submissions.

Scores come from nbgrader's gradebook (so hand grades count); what each student chose comes
from the autograded answer sheets, set against the keys, so the report can show confusions
and not just totals. Answer sheets that could not be trusted are counted, never guessed at.
The page drawn from this data is ``course/report.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from repairlab.bank.scoring import classify_outcome
from repairlab.bank.taxonomy import Taxonomy, load_taxonomy
from repairlab.course.answers import AnswerFileError, AnswerSheet
from repairlab.course.keys import KEYS_DIR
from repairlab.course.spec import load_course
from repairlab.practice import progress

PRE, POST = "pre_assessment", "post_assessment"


@dataclass
class CohortData:
    answers: pd.DataFrame  # one row per student x statement
    scores: pd.DataFrame  # one row per student x assignment: score, max_score, percent
    reactions: pd.DataFrame  # one row per student x assignment reaction check
    parts: pd.DataFrame = None  # pre/post: recognising (autograded) and responding (hand-graded), in %
    unusable: list[str] = field(default_factory=list)  # "student/assignment: why"


def _label(taxonomy: Taxonomy, family: str | None, subtype: str | None) -> str:
    if family not in taxonomy.families:
        return "(no answer)"
    if taxonomy.is_rupture(family) and subtype in taxonomy.subtypes[family]:
        return taxonomy.subtypes[family][subtype].label
    return taxonomy.families[family].label


def collect(course_dir: Path, gradebook: Path | None = None) -> CohortData:
    course_dir = Path(course_dir)
    taxonomy = load_taxonomy()
    order = [a.name for a in load_course(course_dir / "course.yaml").assignments]
    rows, reactions, unusable = [], [], []
    for assignment in order:
        key_file = course_dir / KEYS_DIR / f"{assignment}.json"
        if not key_file.is_file():
            continue
        questions = json.loads(key_file.read_text(encoding="utf-8"))["questions"]
        for folder in sorted((course_dir / "autograded").glob(f"*/{assignment}")):
            student = folder.parent.name
            try:
                answers = AnswerSheet(folder, assignment).read()
            except AnswerFileError as exc:
                unusable.append(f"{student}/{assignment}: {exc}")
                continue
            unusable.extend(f"{student}/{assignment}: {why}" for why in answers.problems.values())
            for q, key in questions.items():
                value = answers.value(q) if q not in answers.problems else None
                value = value if isinstance(value, dict) else {}
                outcome = classify_outcome(taxonomy, key["family"], key["subtype"], value.get("family"), value.get("subtype"))
                rows.append({
                    "assignment": assignment, "student": student, "question": q, "item": key["item"],
                    "family": key["family"], "subtype": key["subtype"],
                    "family_label": taxonomy.families[key["family"]].label,
                    "marker": _label(taxonomy, key["family"], key["subtype"]) if key["subtype"] else None,
                    "true_label": _label(taxonomy, key["family"], key["subtype"]),
                    "chosen_label": _label(taxonomy, value.get("family"), value.get("subtype")),
                    "family_correct": outcome.family_correct,
                    "correct": outcome.correct,
                    "stance": value.get("stance"),
                })
            reaction = answers.value("reaction")
            if isinstance(reaction, dict):
                feelings = reaction.get("feelings") if isinstance(reaction.get("feelings"), dict) else {}
                reactions.append({"assignment": assignment, "student": student,
                                  "challenge": reaction.get("challenge"), "stance": reaction.get("stance"),
                                  **{f"feeling_{k}": v for k, v in feelings.items() if isinstance(v, int)}})
    scores = _scores(gradebook or course_dir / "gradebook.db", order)
    parts = _parts(gradebook or course_dir / "gradebook.db")
    answers_df = pd.DataFrame(rows, columns=["assignment", "student", "question", "item", "family", "subtype",
                                             "family_label", "marker", "true_label", "chosen_label", "family_correct", "correct", "stance"])
    return CohortData(answers=answers_df, scores=scores, reactions=pd.DataFrame(reactions), unusable=unusable,
                      parts=parts)


def _parts(db: Path) -> pd.DataFrame:
    """Per student and assessment: the autograded classification and the hand-graded drafts, as
    percentages, read from the gradebook's grades by cell (``qNN`` statements, ``dNN`` drafts)."""
    columns = ["assignment", "student", "recognising", "responding"]
    if not Path(db).is_file():
        return pd.DataFrame(columns=columns)
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{db}") as gb:
        for name in (PRE, POST):
            for student in gb.students:
                try:
                    sub = gb.find_submission(name, student.id)
                except MissingEntry:
                    continue
                totals = {"q": [0.0, 0.0], "d": [0.0, 0.0]}
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        part = totals.get(grade.name[:1])
                        if part is not None and grade.name[1:].isdigit():
                            part[0] += grade.score or 0.0
                            part[1] += grade.max_score or 0.0
                rows.append({"assignment": name, "student": student.id,
                             "recognising": 100 * totals["q"][0] / totals["q"][1] if totals["q"][1] else float("nan"),
                             "responding": 100 * totals["d"][0] / totals["d"][1] if totals["d"][1] else float("nan")})
    return pd.DataFrame(rows, columns=columns)


def _scores(db: Path, order: list[str]) -> pd.DataFrame:
    columns = ["assignment", "student", "score", "max_score", "percent"]
    if not Path(db).is_file():
        return pd.DataFrame(columns=columns)
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{db}") as gb:
        for assignment in gb.assignments:
            for student in gb.students:
                try:
                    sub = gb.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                rows.append({"assignment": assignment.name, "student": student.id, "score": sub.score,
                             "max_score": sub.max_score,
                             "percent": 100 * sub.score / sub.max_score if sub.max_score else 0.0})
    frame = pd.DataFrame(rows, columns=columns)
    rank = {name: i for i, name in enumerate(order)}
    return frame.sort_values(["assignment", "student"], key=lambda s: s.map(rank) if s.name == "assignment" else s)


# Tables -------------------------------------------------------------------------------------


def accuracy_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The learner dashboard's accuracy table, weakest first, for the whole cohort."""
    return progress.accuracy_by(frame, column).sort_values("accuracy")


def confusions(data: CohortData) -> pd.DataFrame:
    """Counts of (true label, chosen label) for the wrong answers, most common first."""
    wrong = data.answers[~data.answers["correct"]] if not data.answers.empty else data.answers
    if wrong.empty:
        return pd.DataFrame(columns=["true_label", "chosen_label", "count"])
    counts = wrong.groupby(["true_label", "chosen_label"]).size().reset_index(name="count")
    return counts.sort_values(["count", "true_label"], ascending=[False, True])


def pre_post(data: CohortData) -> pd.DataFrame:
    scores = data.scores
    wide = scores[scores["assignment"].isin([PRE, POST])].pivot_table(
        index="student", columns="assignment", values="percent")
    for column in (PRE, POST):
        if column not in wide:
            wide[column] = float("nan")
    wide = wide[[PRE, POST]].rename(columns={PRE: "pre", POST: "post"})
    wide["change"] = wide["post"] - wide["pre"]
    wide.columns.name = None
    return wide.reset_index()


def pre_post_parts(data: CohortData) -> pd.DataFrame:
    """Recognising and responding side by side, before and after, with the share of statements
    each student felt hooked by: the change report the course promises."""
    parts = data.parts if data.parts is not None else pd.DataFrame()
    if parts.empty:
        return pd.DataFrame(columns=["student"])
    wide = parts.pivot_table(index="student", columns="assignment", values=["recognising", "responding"])
    wide.columns = [f"{measure}_{'pre' if name == PRE else 'post'}" for measure, name in wide.columns]
    answers = data.answers
    if not answers.empty and answers["stance"].notna().any():
        hooked = (answers[answers["assignment"].isin([PRE, POST])]
                  .assign(hooked=lambda f: 100 * f["stance"].eq("hooked"))
                  .pivot_table(index="student", columns="assignment", values="hooked"))
        for name, label in ((PRE, "hooked_pre"), (POST, "hooked_post")):
            if name in hooked:
                wide[label] = hooked[name]
    order = [c for c in ("recognising_pre", "recognising_post", "responding_pre", "responding_post",
                         "hooked_pre", "hooked_post") if c in wide]
    return wide[order].reset_index()


