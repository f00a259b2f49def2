"""The single-skill exercises as data: the real catalogue loads, and broken files are named."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from repairlab.skills import check_skills, load_skills
from repairlab.skills.catalogue import MIN_STATEMENTS, skills_file


def test_every_skill_has_criteria_a_demonstration_and_graded_statements(bank):
    skills = load_skills(bank)
    assert len(skills) >= 8
    for skill in skills:
        assert 3 <= len(skill.criteria) <= 5
        assert skill.demonstration[0].speaker == "client"
        ids = [i for level in ("beginner", "intermediate", "advanced") for i in skill.statement_ids(level)]
        assert len(ids) >= MIN_STATEMENTS
        for level in ("beginner", "intermediate", "advanced"):
            for item_id in skill.statement_ids(level):
                item = bank.get(item_id)
                assert item.difficulty == level and item.pool == "practice"


def _write(tmp_path, change) -> tuple:
    raw = yaml.safe_load(skills_file().read_text())
    skill = raw["items"][0]
    change(skill)
    path = tmp_path / "skills.yaml"
    path.write_text(yaml.safe_dump({"items": [skill]}, sort_keys=False))
    return path


@pytest.mark.parametrize(("change", "field", "fragment"), [
    (lambda s: s.update(criteria=s["criteria"][:2]), "criteria", "at least 3 items"),
    (lambda s: s["statements"].update(advanced=["wd-nope-99", *s["statements"]["advanced"][1:]]),
     "statements", "no vignette wd-nope-99"),
    (lambda s: s["statements"].update(beginner=["wd-def-04", *s["statements"]["beginner"][1:]]),
     "statements", "wd-def-04 is a intermediate item"),
    (lambda s: s.update(strategies=["be_nice"]), "strategies", "'be_nice' is not a strategy"),
    (lambda s: s.update(citations=["nobody2020"]), "citations", "unknown citation key(s) nobody2020"),
    (lambda s: s.pop("summary"), "summary", "required"),
], ids=["few-criteria", "unknown-item", "wrong-level", "unknown-strategy", "unknown-citation", "missing-field"])
def test_a_broken_skill_file_names_the_file_the_skill_and_the_field(tmp_path, bank, change, field, fragment):
    path = _write(tmp_path, change)
    skills, issues = check_skills([path], bank=bank)
    assert skills == {}
    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert (issue.file, issue.item, issue.field) == (path, "reflect-withdrawal", field)
    assert fragment in issue.message
    assert str(issue).startswith(f"{path}:{issue.line}: item reflect-withdrawal: field {field}: ")


def test_assessment_items_are_never_practised_in_a_skill(tmp_path, bank):
    form_item = next(v for v in bank if v.pool != "practice" and v.difficulty == "advanced")
    path = _write(tmp_path, lambda s: s["statements"].update(
        advanced=[form_item.id, *s["statements"]["advanced"][1:]]))
    _, issues = check_skills([path], bank=bank)
    assert "assessment item" in issues[0].message


def test_skills_list_prints_each_skill_with_its_counts():
    done = subprocess.run([sys.executable, "-m", "repairlab", "skills", "list", "--json"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    first = next(r for r in rows if r["id"] == "reflect-withdrawal")
    assert first["criteria"] == 4
    assert first["statements"] == {"beginner": 4, "intermediate": 4, "advanced": 4}


def test_validate_checks_the_skills_with_the_bank(tmp_path, repo):
    import os
    import shutil

    data = tmp_path / "data"
    shutil.copytree(repo / "data", data)
    skills = data / "skills" / "skills.yaml"
    skills.write_text(skills.read_text().replace("advanced: [wd-def-08,", "advanced: [wd-def-01,", 1))
    done = subprocess.run([sys.executable, "-m", "repairlab", "validate"], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "REPAIRLAB_DATA_DIR": str(data)})
    assert done.returncode == 1
    assert f"{skills}:" in done.stdout and "item reflect-withdrawal: field statements" in done.stdout
    assert "wd-def-01 is a beginner item" in done.stdout
