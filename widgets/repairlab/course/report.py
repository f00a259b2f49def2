"""The cohort report: where a class struggles, from the gradebook and the submissions.

Scores come from nbgrader's gradebook (so hand grades count); what each student chose comes
from the autograded answer sheets, set against the keys, so the report can show confusions
and not just totals. Answer sheets that could not be trusted are counted, never guessed at.
The output is one self-contained HTML file (plots embedded), safe to open offline.
"""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from repairlab.bank.taxonomy import Taxonomy, load_taxonomy  # noqa: E402
from repairlab.course.answers import AnswerFileError, AnswerSheet  # noqa: E402
from repairlab.course.keys import KEYS_DIR  # noqa: E402
from repairlab.course.spec import load_course  # noqa: E402
from repairlab.practice import progress  # noqa: E402

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
                family_ok = value.get("family") == key["family"]
                rows.append({
                    "assignment": assignment, "student": student, "question": q, "item": key["item"],
                    "family": key["family"], "subtype": key["subtype"],
                    "family_label": taxonomy.families[key["family"]].label,
                    "marker": _label(taxonomy, key["family"], key["subtype"]) if key["subtype"] else None,
                    "true_label": _label(taxonomy, key["family"], key["subtype"]),
                    "chosen_label": _label(taxonomy, value.get("family"), value.get("subtype")),
                    "family_correct": family_ok,
                    "correct": family_ok and (key["subtype"] is None or value.get("subtype") == key["subtype"]),
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


# Plots --------------------------------------------------------------------------------------


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def plot_accuracy(table: pd.DataFrame, column: str, title: str) -> str:
    fig, ax = plt.subplots(figsize=(7, 0.4 * max(len(table), 3) + 1))
    ax.barh(table[column].astype(str), 100 * table["accuracy"], color="#4a6fa5", hatch="//", edgecolor="black")
    for y, (acc, n) in enumerate(zip(table["accuracy"], table["answers"])):
        ax.text(100 * acc + 1, y, f"{100 * acc:.0f}% (n={n})", va="center")
    ax.set_xlim(0, 115)
    ax.set_xlabel("Answered correctly (%)")
    ax.set_title(title)
    return _png(fig)


def plot_confusion_matrix(data: CohortData) -> str:
    frame = data.answers
    labels = sorted(set(frame["true_label"]) | set(frame["chosen_label"]))
    matrix = pd.crosstab(frame["true_label"], frame["chosen_label"]).reindex(index=labels, columns=labels,
                                                                            fill_value=0)
    size = max(5, 0.45 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size + 1, size))
    image = ax.imshow(matrix.values, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i in range(len(labels)):
        for j in range(len(labels)):
            if matrix.values[i, j]:
                ax.text(j, i, str(matrix.values[i, j]), ha="center", va="center",
                        color="white" if matrix.values[i, j] > matrix.values.max() / 2 else "black")
    ax.set_xlabel("What students chose")
    ax.set_ylabel("What the statement was")
    ax.set_title("Confusions (diagonal = right)")
    fig.colorbar(image, ax=ax, shrink=0.6, label="answers")
    return _png(fig)


def plot_pre_post(table: pd.DataFrame) -> str:
    fig, ax = plt.subplots(figsize=(6, 4.5))
    for _, row in table.iterrows():
        ax.plot([0, 1], [row["pre"], row["post"]], marker="o", color="#555")
        ax.annotate(str(row["student"]), (1, row["post"]), xytext=(6, 0), textcoords="offset points", va="center")
    ax.set_xticks([0, 1], ["Pre (form A)", "Post (form B)"])
    ax.set_xlim(-0.2, 1.4)
    ax.set_ylim(-5, 105)
    ax.set_ylabel("Score (%)")
    ax.set_title("Each student's change, pre to post")
    return _png(fig)


def plot_reactions(data: CohortData, order: list[str]) -> str:
    frame = data.reactions
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4))
    present = [a for a in order if a in set(frame["assignment"])]
    shares = (frame.assign(hooked=frame["stance"].eq("hooked"), too_hard=frame["challenge"].eq("too_hard"))
              .groupby("assignment")[["hooked", "too_hard"]].mean().reindex(present))
    left.plot(range(len(present)), 100 * shares["hooked"], marker="o", linestyle="-", label="felt hooked")
    left.plot(range(len(present)), 100 * shares["too_hard"], marker="s", linestyle="--", label="found it too hard")
    left.set_xticks(range(len(present)), present, rotation=30, ha="right")
    left.set_ylabel("Students (%)")
    left.set_ylim(-5, 105)
    left.legend()
    left.set_title("Reaction checks by assignment")
    feelings = [c for c in frame.columns if c.startswith("feeling_")]
    means = frame.groupby("assignment")[feelings].mean().reindex(present)
    for marker, column in zip("o^sDv", feelings):
        right.plot(range(len(present)), means[column], marker=marker, label=column.removeprefix("feeling_"))
    right.set_xticks(range(len(present)), present, rotation=30, ha="right")
    right.set_ylabel("Mean rating")
    right.legend()
    right.set_title("Feelings by assignment")
    return _png(fig)


# The page -----------------------------------------------------------------------------------


def _table(frame: pd.DataFrame) -> str:
    return frame.to_html(index=False, float_format=lambda x: f"{x:.2f}", border=0, classes="rl-table", na_rep="")


def _img(png: str, alt: str) -> str:
    return f"<img src='data:image/png;base64,{png}' alt='{escape(alt)}' style='max-width:100%'>"


def render_html(data: CohortData, order: list[str], title: str) -> str:
    parts = [f"<h1>{escape(title)}: cohort report</h1>"]
    students = sorted(set(data.answers["student"]) | set(data.scores["student"]))
    parts.append(f"<p>{len(students)} student(s); {len(data.answers)} classified statement(s) from the "
                 "autograded answer sheets; scores from the gradebook (hand grades included).</p>")
    if data.unusable:
        items = "".join(f"<li>{escape(u)}</li>" for u in data.unusable)
        parts.append(f"<h2>Answer sheets not counted</h2><ul>{items}</ul>")
    if not data.answers.empty:
        by_family = accuracy_by(data.answers, "family_label")
        by_subtype = accuracy_by(data.answers[data.answers["marker"].notna()], "marker")
        parts += ["<h2>Accuracy by family</h2>", _img(plot_accuracy(by_family, "family_label", "By family"),
                                                      "bar chart of accuracy by family"), _table(by_family)]
        if not by_subtype.empty:
            parts += ["<h2>Accuracy by rupture marker</h2>",
                      _img(plot_accuracy(by_subtype, "marker", "By 3RS marker"),
                           "bar chart of accuracy by rupture marker"), _table(by_subtype)]
        parts += ["<h2>Most common confusions</h2>",
                  _img(plot_confusion_matrix(data), "matrix of true against chosen labels"),
                  _table(confusions(data).head(10))]
    change = pre_post(data)
    if not change.empty:
        parts += ["<h2>Pre to post</h2>", _img(plot_pre_post(change.dropna()), "pre and post scores per student")
                  if not change.dropna().empty else "", _table(change)]
    side = pre_post_parts(data)
    if len(side.columns) > 1:
        parts += ["<h3>Recognising and responding, before and after</h3><p>Recognising is the autograded "
                  "classification; responding is the hand-graded drafts (rubric); hooked is the share of "
                  "statements the student said they felt hooked by. All in %.</p>", _table(side)]
    if not data.reactions.empty:
        parts += ["<h2>Reaction trends</h2>", _img(plot_reactions(data, order), "reaction trends by assignment")]
    if not data.scores.empty:
        parts += ["<h2>Scores</h2>", _table(data.scores)]
    style = ("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.5}"
             ".rl-table{border-collapse:collapse}.rl-table td,.rl-table th{border:1px solid #999;padding:2px 8px}"
             "</style>")
    return f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{escape(title)}</title>{style}" \
           f"</head><body>{''.join(parts)}</body></html>"


def write_report(course_dir: Path, out: Path, gradebook: Path | None = None) -> CohortData:
    from repairlab.atomic import write_text_atomic

    spec = load_course(Path(course_dir) / "course.yaml")
    data = collect(course_dir, gradebook)
    write_text_atomic(out, render_html(data, [a.name for a in spec.assignments], spec.title))
    return data
