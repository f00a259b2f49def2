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
A5 = "a5_rupture_scenarios"
MOVE = {"expert": 1, "workable": 0.5, "poor": 0}
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


def play_scenarios(folder: Path, key: dict, pick) -> None:
    """Play every scenario through the widget; ``pick(turn, qualities_shown)`` returns a position."""
    assignment = open_assignment(folder)
    for question, entry in sorted(key["scenarios"].items()):
        widget = assignment.scenario(question)
        turn = 0
        while not widget.finished and turn < 30:
            shown = [entry["options"][value]["quality"] for _, value in widget.options.options]
            widget.play(pick(turn, shown), f"What I would say at turn {turn + 1}.")
            turn += 1


def expected_path_points(folder: Path, key: dict) -> float:
    """The path marks computed from the saved paths and the key, independently of the grader."""
    sheet = json.loads((folder / ANSWER_FILE).read_text())["answers"]
    total = 0.0
    for question, entry in key["scenarios"].items():
        path = sheet.get(question, {}).get("value", {}).get("path", [])
        walked = [entry["options"][step["option"]] for step in path]
        total += sum(MOVE[o["quality"]] for o in walked[: entry["expert_turns"]])
        if walked and walked[-1]["next"] in entry["endings"]:
            total += {"resolved": 2, "partly_resolved": 1}.get(entry["endings"][walked[-1]["next"]]["kind"], 0)
    return total


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
    keys = {a: json.loads((course_dir / "keys" / f"{a}.json").read_text()) for a in (A1, PRE, POST, A5)}

    for assignment in (A1, PRE, POST, A5):
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
            if (assignment, student) in ((PRE, "perfect"), (POST, "perfect"), (POST, "partial")):
                for question in sorted(keys[assignment]["drafts"]):  # pre/post responding, graded by hand
                    open_assignment(folder).draft(question).submit(
                        "It sounds like what just happened between us matters; can we look at it together?")
            if student == "tampered":
                sheet = json.loads((folder / ANSWER_FILE).read_text())
                sheet["answers"]["q01"]["value"] = {"family": keys[A1]["questions"]["q01"]["family"],
                                                    "subtype": keys[A1]["questions"]["q01"]["subtype"]}
                (folder / ANSWER_FILE).write_text(json.dumps(sheet))
            if student == "malformed":
                text = (folder / ANSWER_FILE).read_text()
                (folder / ANSWER_FILE).write_text(text[: len(text) // 2])
            run("submit", assignment, *common, "--student", student, cwd=home, env=env)

    expected = {}
    scenario_plans = {"perfect": lambda turn, shown: shown.index("expert"),
                      "partial": lambda turn, shown: shown.index("poor" if turn in (0, 2) else "expert"),
                      "empty": None}
    for student, pick in scenario_plans.items():
        home = root / "students" / student
        common = [f"--Exchange.root={exchange}", f"--Exchange.cache={home / '.cache'}", "--course", "repairlab"]
        run("fetch_assignment", A5, *common, cwd=home, env=env)
        if pick is not None:
            play_scenarios(home / A5, keys[A5], pick)
            expected[student] = expected_path_points(home / A5, keys[A5])
        run("submit", A5, *common, "--student", student, cwd=home, env=env)

    for assignment in (A1, PRE, POST, A5):
        run("collect", assignment, cwd=course_dir, env=env)
        run("autograde", assignment, "--create", cwd=course_dir, env=env)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        for student, points in (("perfect", 7), ("partial", 3)):
            grade = gb.find_grade("d01", A1, A1, student)
            grade.manual_score = points
        # Pre/post drafts: 8 of 16 before and 16 of 16 after for "perfect"; 0 then 8 for "partial".
        for assignment, student, points in ((PRE, "perfect", 4), (POST, "perfect", 8), (PRE, "partial", 0),
                                            (POST, "partial", 4)):
            for question in keys[assignment]["drafts"]:
                gb.find_grade(question, assignment, assignment, student).manual_score = points
        for student, points in (("perfect", 7), ("partial", 3)):
            for n, question in enumerate(sorted(keys[A5]["scenarios"])):
                grade = gb.find_grade(f"{question}-drafts", A5, A5, student)
                grade.manual_score = points - n
        gb.db.commit()

    for assignment in (A1, PRE, POST, A5):
        run("generate_feedback", assignment, cwd=course_dir, env=env)
    run("export", cwd=course_dir, env=env)
    report = subprocess.run([str(BIN / "repairlab"), "report", str(course_dir), "--out", str(root / "report.html")],
                            capture_output=True, text=True, env=env)
    assert report.returncode == 0, report.stderr
    return {"dir": course_dir, "keys": keys, "report": root / "report.html", "env": env, "expected": expected}


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
    assert len(course["keys"][PRE]["drafts"]) == len(course["keys"][POST]["drafts"]) == 2
    assert got[(PRE, "perfect")] == 24 + 8 and got[(POST, "perfect")] == 48 + 16
    assert got[(PRE, "partial")] == 0 and got[(POST, "partial")] == 24 + 8


def feedback_text(course, student: str, assignment: str = A1) -> str:
    return (course["dir"] / "feedback" / student / assignment / f"{assignment}.html").read_text()


def test_feedback_says_why_an_answer_scored_zero(course):
    assert "No answer file" in feedback_text(course, "empty")
    assert "changed outside the exercise" in feedback_text(course, "tampered")
    assert "not valid JSON" in feedback_text(course, "malformed")
    assert "family and marker both right" in feedback_text(course, "perfect")
    assert "Suggestion for the grader, not the grade" in feedback_text(course, "perfect")


def test_scenario_paths_are_autograded_and_drafts_hand_graded_exactly(course):
    got = grades(course)
    key = course["keys"][A5]["scenarios"]
    perfect_paths = sum(entry["points"] for entry in key.values())
    assert course["expected"]["perfect"] == perfect_paths
    assert got[(A5, "perfect")] == perfect_paths + 7 + 6
    assert got[(A5, "partial")] == course["expected"]["partial"] + 3 + 2
    assert course["expected"]["partial"] < perfect_paths
    assert got[(A5, "empty")] == 0


def test_no_released_file_says_which_scenario_options_are_expert(course):
    from repairlab.scenarios import load_scenarios

    secrets = {'"quality"', '"expert"', '"why"', '"strategy"', '"pull"'}
    for entry in course["keys"][A5]["scenarios"].values():
        scenario = load_scenarios().get(entry["scenario"])
        secrets |= {scenario.id, *(e.debrief[:60] for e in scenario.endings.values())}
        secrets |= {o.why[:60] for node in scenario.nodes.values() for o in node.options}
    exchange = Path(course["env"]["REPAIRLAB_EXCHANGE"])
    released = [p for p in [*(course["dir"] / "release").rglob("*"), *exchange.rglob("*")]
                if p.is_file() and A5 in str(p) and p.name != ANSWER_FILE and "feedback" not in p.parts]
    assert any(p.name == "items.json" for p in released)
    for path in released:
        text = path.read_text(errors="replace")
        assert not [s for s in secrets if s in text], path


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
    from repairlab.course.cohort import collect, confusions, pre_post

    data = collect(course["dir"])
    change = pre_post(data).set_index("student")
    assert change.loc["perfect", "pre"] == 50 and change.loc["perfect", "post"] == 100
    assert change.loc["partial", "change"] == 50
    from repairlab.course.cohort import pre_post_parts

    side = pre_post_parts(data).set_index("student")
    assert side.loc["perfect", ["recognising_pre", "recognising_post", "responding_pre", "responding_post"]] \
        .tolist() == [50, 100, 50, 100]
    assert side.loc["partial", ["recognising_pre", "recognising_post", "responding_pre", "responding_post"]] \
        .tolist() == [0, 50, 0, 50]
    assert "Recognising and responding, before and after" in course["report"].read_text()
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
