"""The validator against broken files: one fixture per kind of error, each message asserted.

Each case names the fixture, the field the author must fix, and words the message must hold,
so a vague or misplaced message fails the test.
"""

from __future__ import annotations

import pytest

from repairlab.bank import check_paths

CASES = [
    # fixture, item, field, line, fragments of the message
    ("label_outside_taxonomy", "fx-valid-01", "subtype", 5,
     ["'complaints_about_fees' is not a subtype of confrontation_rupture", "complaints_about_parameters"]),
    ("subtype_of_other_family", "fx-valid-01", "subtype", 5,
     ["'minimal_response' is not a subtype of confrontation_rupture", "control_pressure"]),
    ("unknown_strategy", "fx-valid-01", "exemplary_responses[1].strategy", 21,
     ["'reassure' is not a strategy", "invite_discussion"]),
    ("unknown_pull", "fx-valid-01", "poor_responses[1].pull", 29,
     ["'distract' is not a pull", "justify_defend"]),
    ("unknown_citation", "fx-valid-01", "citations", 35,
     ["unknown citation key(s) smith1999", "bibliography.yaml"]),
    ("empty_response", "fx-valid-01", "poor_responses[0].text", 25, ["must not be empty"]),
    ("wrong_type", "fx-valid-01", "salience", 6, ["valid integer", "str 'high'"]),
    ("salience_out_of_range", "fx-valid-01", "salience", 6, ["less than or equal to 5"]),
    ("missing_field", "fx-valid-01", "difficulty", 2, ["required"]),
    ("unknown_field", "fx-valid-01", "difficultly", 8, ["not a field of a vignette"]),
    ("missing_stage", "fx-valid-01", "exemplary_responses[1].stage", 20,
     ["required for an exploratory strategy", "four-stage model"]),
    ("stage_on_immediate", "fx-valid-01", "exemplary_responses[1].stage", 22,
     ["must be left out", "'change_tasks_or_goals' is an immediate strategy"]),
    ("stage_four_too_soon", "fx-valid-01", "exemplary_responses[1].stage", 22,
     ["stage 4 (wishes and fears) is not a first reply to a fresh marker"]),
    ("stage_on_non_rupture", "fx-valid-01", "exemplary_responses[0].stage", 18,
     ["must be left out", "sustain_talk"]),
    ("too_few_exemplary", "fx-valid-01", "exemplary_responses", 15, ["at least 2"]),
    ("short_rationale", "fx-valid-01", "rationale", 31, ["at least two sentences"]),
    ("bad_id", "FX Valid 01", "id", 2, ["should match pattern"]),
    ("duplicate_id", "fx-valid-01", "id", 36, ["duplicate id", "duplicate_id.yaml"]),
    ("duplicate_key", "fx-valid-01", "salience", 7, ["'salience' appears twice", "first on line 7"]),
    ("invalid_yaml", None, None, 5, ["not valid YAML"]),
    ("no_items", None, None, 0, ["mapping with an 'items' list"]),
]


@pytest.mark.parametrize(("name", "item", "field", "line", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_fixture_gets_one_precise_message(fixtures, name, item, field, line, fragments):
    path = fixtures / "vignettes" / "broken" / f"{name}.yaml"
    _, issues, _ = check_paths([path])

    assert len(issues) == 1, [str(i) for i in issues]
    issue = issues[0]
    assert issue.file == path
    assert issue.item == item
    assert issue.field == field
    assert issue.line == line + 1  # fixtures start with a one-line comment
    for fragment in fragments:
        assert fragment in issue.message
    # The printed form carries everything an author needs.
    printed = str(issue)
    assert printed.startswith(f"{path}:{issue.line}: ")
    if item:
        assert f"item {item}" in printed
    if field:
        assert f"field {field}" in printed


def test_every_broken_fixture_is_covered(fixtures):
    on_disk = {p.stem for p in (fixtures / "vignettes" / "broken").glob("*.yaml")}
    assert on_disk == {case[0] for case in CASES}


def test_the_valid_fixture_passes(fixtures):
    vignettes, issues, _ = check_paths([fixtures / "vignettes" / "valid.yaml"])
    assert issues == []
    assert [v.id for v in vignettes] == ["fx-valid-01"]


def test_all_problems_are_reported_not_only_the_first(fixtures):
    broken = fixtures / "vignettes" / "broken"
    _, issues, _ = check_paths([broken / "unknown_pull.yaml", broken / "unknown_strategy.yaml"])
    # The second file reuses the first file's id, and that is reported too.
    assert {i.file.name for i in issues} == {"unknown_pull.yaml", "unknown_strategy.yaml"}


def test_a_missing_file_is_reported(tmp_path):
    _, issues, _ = check_paths([tmp_path / "nowhere.yaml"])
    assert len(issues) == 1 and "cannot read the file" in issues[0].message
