"""The whole nbgrader round, for real: generate, release, fetch, answer, submit, collect,
autograde, hand-grade, feedback, export and the cohort report, in a temporary copy of the course.

Students are simulated by answering through the widgets' Python interface in their fetched
folders: a perfect, a partial, an empty, a tampered and a malformed submission.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from repairlab.course import open_assignment
from repairlab.course.answers import ANSWER_FILE

pytestmark = pytest.mark.slow

A1, PRE, POST = "a1_recognising_ruptures", "pre_assessment", "post_assessment"
BIN = Path(sys.executable).parent


def run(*args, cwd: Path, env: dict) -> str:
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def answer(folder: Path, key: dict, plan) -> None:
    """``plan(n, question, entry)`` returns (family, subtype) to choose, or None to skip."""
    assignment = open_assignment(folder)
    for n, (q, entry) in enumerate(sorted(key["questions"].items())):
        choice = plan(n, q, entry)
        if choice is not None:
            item = assignment.public.items[q]
            assignment.classify(q).answer(*choice, stance="engaged" if item.ask_stance else None)


def right(n, q, entry):
    return entry["family"], entry["subtype"]


def wrong(n, q, entry):
    """A complete answer in the wrong family (a rupture choice needs its marker, or it is not saved)."""
    return ("no_rupture", None) if entry["family"] != "no_rupture" else ("withdrawal_rupture", "denial")


@pytest.fixture(scope="module")
def course(tmp_path_factory, repo):
    root = tmp_path_factory.mktemp("nbgrader")
    course_dir, exchange = root / "course", root / "exchange"
    shutil.copytree(repo / "instructor", course_dir, ignore=shutil.ignore_patterns("gradebook.db", "release",
                                                                                  "submitted", "autograded",
                                                                                  "feedback"))
    exchange.mkdir()
    exchange.chmod(0o777)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "REPAIRLAB_EXCHANGE": str(exchange)}
    env.pop("REPAIRLAB_COURSE_ROOT", None)
    keys = {a: json.loads((course_dir / "keys" / f"{a}.json").read_text()) for a in (A1, PRE, POST)}

    for assignment in (A1, PRE, POST):
        run("generate_assignment", assignment, "--force", cwd=course_dir, env=env)
        run("release_assignment", assignment, cwd=course_dir, env=env)

    n1 = len(keys[A1]["questions"])
    plans = {
        A1: {
            "perfect": right,
            "partial": lambda n, q, e: right(n, q, e) if n < n1 // 2 else wrong(n, q, e),
            "empty": None,
            "tampered": lambda n, q, e: wrong(n, q, e) if q == "q01" else right(n, q, e),
            "malformed": right,
        },
        PRE: {"perfect": lambda n, q, e: right(n, q, e) if n % 2 == 0 else wrong(n, q, e), "partial": wrong},
        POST: {"perfect": right, "partial": lambda n, q, e: right(n, q, e) if n % 2 == 0 else wrong(n, q, e)},
    }
    for assignment, students in plans.items():
        for student, plan in students.items():
            home = root / "students" / student
            home.mkdir(parents=True, exist_ok=True)
            common = [f"--Exchange.root={exchange}", f"--Exchange.cache={home / '.cache'}", "--course", "repairlab"]
            run("fetch_assignment", assignment, *common, cwd=home, env=env)
            folder = home / assignment
            if plan is not None:
                answer(folder, keys[assignment], plan)
            if assignment == A1 and student == "perfect":
                open_assignment(folder).draft("d01").submit(
                    "I notice you said it was fine, and I wonder if some of it didn't sit right with you.")
                open_assignment(folder).reaction().submit("good_challenge", "engaged", anxious=1)
            if assignment == A1 and student == "partial":
                open_assignment(folder).reaction().submit("too_hard", "hooked", anxious=3)
            if student == "tampered":
                sheet = json.loads((folder / ANSWER_FILE).read_text())
                sheet["answers"]["q01"]["value"] = {"family": keys[A1]["questions"]["q01"]["family"],
                                                    "subtype": keys[A1]["questions"]["q01"]["subtype"]}
                (folder / ANSWER_FILE).write_text(json.dumps(sheet))
            if student == "malformed":
                text = (folder / ANSWER_FILE).read_text()
                (folder / ANSWER_FILE).write_text(text[: len(text) // 2])
            run("submit", assignment, *common, "--student", student, cwd=home, env=env)

    for assignment in (A1, PRE, POST):
        run("collect", assignment, cwd=course_dir, env=env)
        run("autograde", assignment, "--create", cwd=course_dir, env=env)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student, points in (("perfect", 7), ("partial", 3)):
            grade = gb.find_grade("d01", A1, A1, student)
            grade.manual_score = points
        gb.db.commit()

    for assignment in (A1, PRE, POST):
        run("generate_feedback", assignment, cwd=course_dir, env=env)
    run("export", cwd=course_dir, env=env)
    report = subprocess.run([str(BIN / "repairlab"), "report", str(course_dir), "--out", str(root / "report.html")],
                            capture_output=True, text=True, env=env)
    assert report.returncode == 0, report.stderr
    return {"dir": course_dir, "keys": keys, "report": root / "report.html", "env": env}


def grades(course) -> dict[tuple[str, str], float]:
    with open(course["dir"] / "grades.csv", newline="") as handle:
        return {(row["assignment"], row["student_id"]): float(row["score"]) for row in csv.DictReader(handle)}


def test_exact_scores_after_autograde_and_hand_grading(course):
    got = grades(course)
    assert len(course["keys"][A1]["questions"]) == 12
    assert got[(A1, "perfect")] == 24 + 7
    assert got[(A1, "partial")] == 12 + 3
    assert got[(A1, "empty")] == 0
    assert got[(A1, "tampered")] == 22
    assert got[(A1, "malformed")] == 0
    assert got[(PRE, "perfect")] == 24 and got[(POST, "perfect")] == 48
    assert got[(PRE, "partial")] == 0 and got[(POST, "partial")] == 24


def feedback_text(course, student: str, assignment: str = A1) -> str:
    return (course["dir"] / "feedback" / student / assignment / f"{assignment}.html").read_text()


def test_feedback_says_why_an_answer_scored_zero(course):
    assert "No answer file" in feedback_text(course, "empty")
    assert "changed outside the exercise" in feedback_text(course, "tampered")
    assert "not valid JSON" in feedback_text(course, "malformed")
    assert "family and marker both right" in feedback_text(course, "perfect")
    assert "Suggestion for the grader, not the grade" in feedback_text(course, "perfect")


def _released_and_feedback_files(course_dir: Path):
    for top in ("release", "feedback"):
        for path in (course_dir / top).rglob("*"):
            if path.is_file():
                yield path


def test_no_answer_key_reaches_a_student(course, bank):
    """Nothing released or fed back holds an item id, a rationale, a model response or the key itself."""
    secrets = set()
    for key in course["keys"].values():
        for entry in [*key["questions"].values(), *key["drafts"].values()]:
            item = bank.get(entry["item"])
            secrets |= {item.id, item.rationale[:60]}
            secrets |= {r.text[:60] for r in (*item.exemplary_responses, *item.poor_responses)}
        secrets |= {json.dumps(e, sort_keys=True) for e in key["questions"].values()}
    secrets.add('"subtype": "')
    exchange = Path(course["env"]["REPAIRLAB_EXCHANGE"])
    files = [*_released_and_feedback_files(course["dir"]), *(p for p in exchange.rglob("*") if p.is_file())]
    assert any(p.suffix == ".html" for p in files) and any(p.name == "items.json" for p in files)
    for path in files:
        if path.name == ANSWER_FILE:  # a student's own answers, in their own submission
            continue
        text = path.read_text(errors="replace")
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path} gives away: {leaked[:3]}"


def test_feedback_for_an_unanswered_statement_names_no_label(course, taxonomy):
    """The empty submission's feedback shows outputs for every statement, and none names a marker."""
    nb = json.loads((course["dir"] / "autograded" / "empty" / A1 / f"{A1}.ipynb").read_text())
    outputs = json.dumps([c.get("outputs", []) for c in nb["cells"] if c["cell_type"] == "code"])
    labels = [s.label for subtypes in taxonomy.subtypes.values() for s in subtypes.values()]
    labels += [f.label for f in taxonomy.families.values()]
    assert "No answer was saved" in outputs or "No answer file" in outputs
    assert not [label for label in labels if label in outputs]


def test_cohort_report_from_the_gradebook_and_submissions(course):
    from repairlab.course.report import collect, confusions, pre_post

    data = collect(course["dir"])
    change = pre_post(data).set_index("student")
    assert change.loc["perfect", "pre"] == 50 and change.loc["perfect", "post"] == 100
    assert change.loc["partial", "change"] == 50
    assert any("tampered" in u and "q01" in u for u in data.unusable)
    assert any(u.startswith(f"malformed/{A1}") for u in data.unusable)
    top = confusions(data)
    assert top["count"].sum() == int((~data.answers["correct"]).sum()) > 0
    reactions = data.reactions.set_index("student")
    assert reactions.loc["partial", "stance"] == "hooked"
    html = course["report"].read_text()
    assert html.count("<img src='data:image/png;base64,") >= 5
    for heading in ("Accuracy by family", "Most common confusions", "Pre to post", "Reaction trends"):
        assert heading in html
