"""The nbgrader course as built from ``instructor/course.yaml``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

from repairlab.bank.bibliography import load_bibliography
from repairlab.course.build import build_course
from repairlab.course.spec import SpecError, load_course, load_rubric


@pytest.fixture(scope="module")
def spec(repo):
    return load_course(repo / "instructor" / "course.yaml")


def test_the_committed_course_is_what_course_yaml_builds(repo, tmp_path):
    shutil.copy(repo / "instructor" / "course.yaml", tmp_path / "course.yaml")
    written = build_course(tmp_path)
    assert written
    for path in written:
        committed = repo / "instructor" / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} is missing: run `repairlab course build instructor`"
        assert committed.read_text() == path.read_text(), f"{committed} is stale: run `repairlab course build instructor`"


def test_the_course_has_the_assignments_instructors_need(spec):
    names = [a.name for a in spec.assignments]
    assert names[0] == "a0_orientation"
    assert {"pre_assessment", "post_assessment"} <= set(names)
    assert spec.assignment("pre_assessment").form == "form_a"
    assert spec.assignment("post_assessment").form == "form_b"
    assert any(a.drafts for a in spec.assignments) and any(a.reflections for a in spec.assignments)
    assert spec.assignment("pre_assessment").form_drafts == spec.assignment("post_assessment").form_drafts > 0
    assert len(spec.assignment("a5_rupture_scenarios").scenarios) == 2


def test_released_items_hold_no_ids_and_no_labels(repo, bank, spec):
    for assignment in spec.assignments:
        text = (repo / "instructor" / "source" / assignment.name / "items.json").read_text()
        released = json.loads(text)
        items = released["items"]
        assert items or released.get("scenarios"), assignment.name
        assert not any(v.id in text for v in bank), f"{assignment.name}: a bank id is in items.json"
        for entry in items:
            assert set(entry) == {"key", "kind", "ask_stance", "context", "modality_label", "client_statement"}


def test_keys_live_outside_source(repo, spec):
    for assignment in spec.assignments:
        assert (repo / "instructor" / "keys" / f"{assignment.name}.json").is_file()
        assert not list((repo / "instructor" / "source").rglob(f"keys/{assignment.name}.json"))
        assert not list((repo / "instructor" / "source").rglob("*key*"))


def test_assessments_hold_every_form_item_and_the_forms_are_matched(repo, bank):
    keys = {form: json.loads((repo / "instructor" / "keys" / f"{name}.json").read_text())
            for form, name in (("form_a", "pre_assessment"), ("form_b", "post_assessment"))}
    for form, key in keys.items():
        assert sorted(q["item"] for q in key["questions"].values()) == sorted(v.id for v in bank.assessment_form(form))

    def profile(key):
        return sorted((bank.get(q["item"]).family, bank.get(q["item"]).difficulty) for q in key["questions"].values())

    assert profile(keys["form_a"]) == profile(keys["form_b"])


def test_notebooks_carry_nbgrader_metadata_and_one_line_calls(repo, spec):
    rubric = load_rubric()
    for assignment in spec.assignments:
        nb = nbformat.read(repo / "instructor" / "source" / assignment.name / f"{assignment.name}.ipynb", as_version=4)
        grade_ids = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if "nbgrader" in c.metadata]
        assert len(grade_ids) == len(set(grade_ids)), f"{assignment.name}: duplicate grade ids"
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code":
                assert meta.get("locked") is True, f"{assignment.name}: code cell {cell.id} is not locked"
                assert len(cell.source.splitlines()) <= 2
        auto = sum(c.metadata["nbgrader"]["points"] for c in nb.cells
                   if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
        tasks = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("task")]
        key = json.loads((repo / "instructor" / "keys" / f"{assignment.name}.json").read_text())
        scenario_points = sum(s["points"] for s in key.get("scenarios", {}).values())
        assert auto == 2 * (len(assignment.classify) or (24 if assignment.form else 0)) + scenario_points
        assert len(tasks) == len(assignment.drafts) + assignment.form_drafts + len(assignment.scenarios)
        assert all(c.metadata["nbgrader"]["points"] == rubric.points for c in tasks)


def test_rubric_cites_the_bibliography_and_anchors_every_score():
    rubric = load_rubric()
    bibliography = load_bibliography()
    assert set(rubric.citations) <= set(bibliography)
    assert rubric.points == 2 * len(rubric.criteria) >= 6


def _spec_with(tmp_path, change) -> Path:
    data = {"course_id": "c", "title": "T", "assignments": [
        {"name": "a1", "title": "A", "minutes": 5, "intro": "Hi.", "classify": ["wd-den-01"]}]}
    change(data)
    (tmp_path / "course.yaml").write_text(yaml.safe_dump(data))
    return tmp_path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["assignments"][0].update(classify=["no-such-item"]), "assignment a1: no vignette with id 'no-such-item'"),
        (lambda d: d["assignments"][0].update(classify=["wd-den-09"]), "belongs to assessment form_a"),
        (lambda d: d["assignments"][0].update(minutes="soon"), "course.yaml: field assignments.0.minutes"),
        (lambda d: d["assignments"][0].update(name="Bad Name"), "course.yaml: field assignments.0.name"),
        (lambda d: d["assignments"].append(dict(d["assignments"][0])), "repeated: a1"),
        (lambda d: d["assignments"][0].update(classify=[]), "needs at least one of"),
    ],
)
def test_a_broken_course_file_names_the_field(tmp_path, change, message):
    course = _spec_with(tmp_path, change)
    with pytest.raises(SpecError, match=message):
        build_course(course)


def test_an_instructors_own_vignettes_can_be_used(tmp_path, fixtures):
    shutil.copy(fixtures / "vignettes" / "valid.yaml", tmp_path / "mine.yaml")
    own = yaml.safe_load((tmp_path / "mine.yaml").read_text())["items"][0]["id"]
    _spec_with(tmp_path, lambda d: (d.update(vignettes=["mine.yaml"]), d["assignments"][0].update(classify=[own])))
    build_course(tmp_path)
    key = json.loads((tmp_path / "keys" / "a1.json").read_text())
    assert key["questions"]["q01"]["item"] == own


def test_cli_builds_a_course(tmp_path):
    _spec_with(tmp_path, lambda d: None)
    done = subprocess.run([sys.executable, "-m", "repairlab", "course", "build", str(tmp_path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "never release them" in done.stdout
    assert (tmp_path / "source" / "a1" / "a1.ipynb").is_file()
