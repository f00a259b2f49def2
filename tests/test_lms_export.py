"""Grades out to Canvas and Moodle: the export plugins on a small real nbgrader course.

The orientation assignment is generated, released, fetched, answered through the widgets,
submitted, collected and autograded for real; one student never submits. Then `nbgrader export`
runs with the repairlab exporters and the CSVs are checked against nbgrader's own grades.csv and
against what each gradebook's import needs.
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

from repairlab.course.lms_export import hub_username

A0 = "a0_orientation"
BIN = Path(sys.executable).parent


def test_hub_username_makes_linux_user_names():
    assert hub_username("Ana.Diaz@Uni.Example.edu") == "ana.diaz"
    assert hub_username("  bob_smith ") == "bob_smith"
    assert hub_username("12345") == "u12345"
    assert hub_username("José Pérez") == "jos-p-rez"
    assert hub_username("a" * 50) == "a" * 32
    assert hub_username("-x-") == "x"


def nbgrader(*args, cwd: Path, env: dict) -> str:
    done = subprocess.run([str(BIN / "nbgrader"), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def course(tmp_path_factory, repo):
    from repairlab.course import open_assignment

    root = tmp_path_factory.mktemp("lms")
    course_dir, exchange = root / "course", root / "exchange"
    shutil.copytree(repo / "instructor", course_dir,
                    ignore=shutil.ignore_patterns("gradebook.db", "release", "submitted", "autograded", "feedback"))
    exchange.mkdir()
    exchange.chmod(0o777)
    env = {**os.environ, "REPAIRLAB_EXCHANGE": str(exchange)}
    env.pop("REPAIRLAB_COURSE_ROOT", None)
    key = json.loads((course_dir / "keys" / f"{A0}.json").read_text())
    nbgrader("generate_assignment", A0, "--force", cwd=course_dir, env=env)
    nbgrader("release_assignment", A0, cwd=course_dir, env=env)
    for student, right in (("ana.diaz", 2), ("ben", 1)):
        home = root / "students" / student
        home.mkdir(parents=True)
        common = [f"--Exchange.root={exchange}", f"--Exchange.cache={home / '.cache'}", "--course", "repairlab"]
        nbgrader("fetch_assignment", A0, *common, cwd=home, env=env)
        assignment = open_assignment(home / A0)
        for n, (q, entry) in enumerate(sorted(key["questions"].items())):
            item = assignment.public.items[q]
            choice = (entry["family"], entry["subtype"]) if n < right else (
                ("no_rupture", None) if entry["family"] != "no_rupture" else ("withdrawal_rupture", "denial"))
            assignment.classify(q).answer(*choice, stance="engaged" if item.ask_stance else None)
        nbgrader("submit", A0, *common, "--student", student, cwd=home, env=env)
    nbgrader("collect", A0, cwd=course_dir, env=env)
    nbgrader("autograde", A0, "--create", cwd=course_dir, env=env)

    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gb:
        gb.update_or_create_student("ana.diaz", first_name="Ana", last_name="Díaz", email="Ana.Diaz@uni.example",
                                    lms_user_id="lti-sub-ana")
        gb.update_or_create_student("ben", first_name="Ben", last_name="Okafor", email="ben@uni.example")
        gb.update_or_create_student("cleo", first_name="Cleo", last_name="Park", email="cleo@uni.example")
    nbgrader("export", cwd=course_dir, env=env)
    return {"dir": course_dir, "env": env, "root": root}


def read(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def nbgrader_grades(course) -> dict[str, str]:
    with open(course["dir"] / "grades.csv", newline="") as handle:
        return {row["student_id"]: row["score"] for row in csv.DictReader(handle) if row["assignment"] == A0}



@pytest.mark.slow
def test_canvas_csv_without_a_roster(course):
    nbgrader("export", "--exporter=repairlab.course.lms_export.CanvasExporter", "--to", "canvas.csv",
             cwd=course["dir"], env=course["env"])
    rows = read(course["dir"] / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", A0]
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) == 4 + 10  # 2 statements x 2, d01 10 points
    body = {r[3]: r for r in rows[2:]}
    assert body["Ana.Diaz@uni.example"][:3] == ["Díaz, Ana", "", "lti-sub-ana"]
    ours = nbgrader_grades(course)
    assert float(body["Ana.Diaz@uni.example"][5]) == float(ours["ana.diaz"]) == 4
    assert float(body["ben@uni.example"][5]) == float(ours["ben"]) == 2
    assert body["cleo@uni.example"][5] == "0"  # never submitted


@pytest.mark.slow
def test_canvas_csv_from_the_lms_roster_updates_an_existing_assignment(course):
    roster = course["root"] / "canvas_export.csv"
    roster.write_text(
        "Student,ID,SIS User ID,SIS Login ID,Section,Orientation (4711),Current Score\n"
        "    Points Possible,,,,,14,(read only)\n"
        '"Díaz, Ana",101,S-0001,ana.diaz@uni.example,Tuesday group,,\n'
        '"Okafor, Ben",102,S-0002,ben@uni.example,Tuesday group,,\n', encoding="utf-8")
    out = nbgrader("export", "--exporter=repairlab.course.lms_export.CanvasExporter", "--to", "canvas2.csv",
                   f"--CanvasExporter.roster={roster}", f"--CanvasExporter.columns={A0}=Orientation (4711)",
                   cwd=course["dir"], env=course["env"])
    rows = read(course["dir"] / "canvas2.csv")
    assert rows[0][5] == "Orientation (4711)"
    assert rows[2] == ["Díaz, Ana", "101", "S-0001", "ana.diaz@uni.example", "Tuesday group", "4"]
    assert rows[3] == ["Okafor, Ben", "102", "S-0002", "ben@uni.example", "Tuesday group", "2"]
    assert len(rows) == 4
    assert "left out: cleo" in out  # not in the Canvas course: reported, never guessed


@pytest.mark.slow
def test_moodle_csv(course):
    nbgrader("export", "--exporter=repairlab.course.lms_export.MoodleExporter", "--to", "moodle.csv",
             "--MoodleExporter.missing=blank", cwd=course["dir"], env=course["env"])
    rows = read(course["dir"] / "moodle.csv")
    assert rows[0] == ["Username", "Email address", "ID number", "First name", "Last name", A0]
    body = {r[0]: r for r in rows[1:]}
    assert body["ana.diaz"] == ["ana.diaz", "Ana.Diaz@uni.example", "lti-sub-ana", "Ana", "Díaz", "4"]
    assert body["ben"][5] == "2" and body["cleo"][5] == ""
