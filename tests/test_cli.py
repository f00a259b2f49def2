"""The ``repairlab`` command as an instructor runs it, in a real subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys


def repairlab(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "repairlab", *args], capture_output=True, text=True, cwd=cwd)


def test_validate_the_builtin_bank_passes(bank):
    result = repairlab("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"OK: {len(bank)} item(s)" in result.stdout


def test_validate_reports_file_item_field_and_allowed_values(fixtures):
    path = fixtures / "vignettes" / "broken" / "unknown_pull.yaml"
    result = repairlab("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:30: item fx-valid-01: field poor_responses[1].pull: 'distract' is not a pull" in result.stdout
    assert "allowed: justify_defend" in result.stdout


def test_validate_json_output(fixtures):
    path = fixtures / "vignettes" / "broken" / "missing_field.yaml"
    result = repairlab("validate", "--json", str(path))
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["ok"] is False
    assert report["issues"] == [{
        "file": str(path), "line": 3, "item": "fx-valid-01", "field": "difficulty",
        "message": "is required but missing",
    }]


def test_an_instructors_file_is_checked_against_builtin_ids(tmp_path, fixtures, bank):
    taken = next(iter(bank)).id
    own = tmp_path / "my_clinic.yaml"
    own.write_text((fixtures / "vignettes" / "valid.yaml").read_text().replace("fx-valid-01", taken))
    result = repairlab("validate", str(own))
    assert result.returncode == 1
    assert f"item {taken}: field id: duplicate id: already used in" in result.stdout

    own.write_text((fixtures / "vignettes" / "valid.yaml").read_text().replace("fx-valid-01", "my-clinic-01"))
    result = repairlab("validate", str(own))
    assert result.returncode == 0 and "OK: 1 item(s) in 1 file(s)" in result.stdout


def test_bank_stats_json_matches_the_bank(bank):
    result = repairlab("bank", "stats", "--json")
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["total"]["items"] == len(bank)
    for section in ("family", "subtype", "difficulty", "pool"):
        assert sum(stats[section].values()) == len(bank), section
    assert stats["family"]["no_rupture"] == len([v for v in bank if v.family == "no_rupture"])
    assert stats["pool"]["form_a"] == len(bank.assessment_form("form_a"))


def test_bank_stats_text_lists_every_family(bank, taxonomy):
    result = repairlab("bank", "stats")
    assert result.returncode == 0
    for family in taxonomy.families:
        assert family in result.stdout


def test_bank_stats_refuses_a_broken_bank(tmp_path, repo, fixtures):
    data = tmp_path / "data"
    shutil.copytree(repo / "data", data, ignore=shutil.ignore_patterns("vignettes"))
    (data / "vignettes").mkdir()
    shutil.copy(fixtures / "vignettes" / "broken" / "unknown_pull.yaml", data / "vignettes")
    import os

    env = dict(os.environ, REPAIRLAB_DATA_DIR=str(data))
    result = subprocess.run([sys.executable, "-m", "repairlab", "bank", "stats"], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "'distract' is not a pull" in result.stderr and "repairlab validate" in result.stderr


def test_usage_errors_exit_2():
    assert repairlab("bank").returncode == 2
    assert repairlab("nonsense").returncode == 2
