"""The cohort report as a page: where a class struggles, drawn from ``course/cohort.py``'s data.

The output is one self-contained HTML file (plots embedded), safe to open offline.
"""

from __future__ import annotations

import base64
import io
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from repairlab.course.cohort import (  # noqa: E402
    CohortData, accuracy_by, collect, confusions, pre_post, pre_post_parts,
)
from repairlab.course.spec import load_course  # noqa: E402


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
