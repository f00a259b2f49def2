"""The scenario validator against broken files, each made from the valid fixture by one edit.

Each case names the field the author must fix, the line it is on, and words the message must
hold, so a vague or misplaced message fails the test.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from repairlab.scenarios import check_scenarios


def _fixture(fixtures):
    return (fixtures / "scenarios" / "sc-fixture.yaml").read_text(encoding="utf-8")


UNREACHABLE = """  n4:
    client: "Nobody gets here."
    stage: 1
    markers: []
    options:
      - {text: "A.", strategy: invite_discussion, stage: 1, quality: expert, why: "A.", next: resolved}
      - {text: "B.", pull: ignore_move_on, quality: poor, why: "B.", next: deepened}
      - {text: "C.", pull: lecture, quality: workable, why: "C.", next: partly}
endings:
"""
LOOP = UNREACHABLE.replace("Nobody gets here.", "Round and round.").replace("next: resolved", "next: n4") \
    .replace("next: deepened", "next: n4").replace("next: partly", "next: n4")

CASES = [
    # name, (old, new) edit, field, fragments of the message
    ("unreachable_node", ("endings:\n", UNREACHABLE), "nodes.n4", ["cannot be reached from start"]),
    ("loop_with_no_exit", [("endings:\n", LOOP), ("next: deepened", "next: n4")], "nodes.n4", ["no path from this turn reaches an ending"]),
    ("missing_reference", ("        next: resolved\n", "        next: resolvd\n"), "nodes.n2.options[0].next",
     ["'resolvd' is neither a node nor an ending", "endings: resolved, partly, deepened"]),
    ("ending_without_debrief", ('    debrief: "Partly."\n', ""), "endings.partly.debrief", ["required"]),
    ("untagged_option", ("        pull: ignore_move_on\n", ""), "nodes.n1.options[2]",
     ["needs a strategy, a pull, or both"]),
    ("stage_four_before_stage_two", ("        stage: 1\n        quality: expert\n        why: \"Expert.\"\n        next: n2",
                                     "        stage: 4\n        quality: expert\n        why: \"Expert.\"\n        next: n2"),
     "nodes.n1.options[0].stage", ["stage-4 (wish and fear)", "stage 0"]),
    ("two_experts", ("        quality: workable\n        why: \"Workable.\"\n        next: n2\n",
                     "        quality: expert\n        why: \"Workable.\"\n        next: n2\n"),
     "nodes.n1.options", ["exactly one option is 'quality: expert' (found 2)"]),
    ("unknown_strategy", ("strategy: clarify_misunderstanding", "strategy: reassure"),
     "nodes.n1.options[1].strategy", ["'reassure' is not a strategy", "invite_discussion"]),
    ("marker_outside_taxonomy", ("markers: [withdrawal_rupture/minimal_response]",
                                 "markers: [withdrawal_rupture/sulking]"),
     "nodes.n3.markers", ["'sulking' is not a subtype of withdrawal_rupture"]),
    ("stage_on_immediate", ("strategy: clarify_misunderstanding\n", "strategy: clarify_misunderstanding\n        stage: 1\n"),
     "nodes.n1.options[1].stage", ["must be left out", "exploratory strategies only"]),
    ("risk_without_safety", ("    markers: [withdrawal_rupture/minimal_response]\n",
                             "    markers: [withdrawal_rupture/minimal_response]\n    risk: true\n"),
     "nodes.n3.options", ["discloses risk", "attend_to_risk"]),
    ("opening_not_shown", ("markers: [withdrawal_rupture/denial]", "markers: []"),
     "nodes.n1.markers", ["must show the opening marker withdrawal_rupture/denial"]),
]


def _line_of(text: str, field: str) -> int:
    """The line of the field's last key in the edited text, found independently of the loader."""
    import yaml

    root = yaml.compose(text)
    node, line = root, None
    for part in field.replace("[", ".[").split("."):
        if part.startswith("["):
            node = node.value[int(part[1:-1])]
            line = node.start_mark.line + 1
        else:
            key, node = next((k, v) for k, v in node.value if k.value == part)
            line = key.start_mark.line + 1
    return line


@pytest.mark.parametrize(("name", "edit", "field", "fragments"), CASES, ids=[c[0] for c in CASES])
def test_each_broken_scenario_is_reported_on_the_field_to_fix(fixtures, tmp_path, name, edit, field, fragments):
    broken = _fixture(fixtures)
    for old, new in edit if isinstance(edit, list) else [edit]:
        assert old in broken, f"the edit for {name} no longer applies to the fixture"
        broken = broken.replace(old, new, 1)
    path = tmp_path / f"{name}.yaml"
    path.write_text(broken, encoding="utf-8")

    _, issues = check_scenarios([path])

    matching = [i for i in issues if i.field == field]
    assert matching, [str(i) for i in issues]
    issue = matching[0]
    assert issue.file == path and issue.item == "sc-fixture"
    for fragment in fragments:
        assert fragment in issue.message, issue.message
    if field.split(".")[-1] in ("next", "stage", "strategy", "markers"):
        assert issue.line == _line_of(broken, field)


def test_the_valid_fixture_has_no_problems(fixtures):
    scenarios, issues = check_scenarios([fixtures / "scenarios"])
    assert issues == [] and list(scenarios) == ["sc-fixture"]


def test_validate_command_reports_scenario_problems_with_file_line_and_field(fixtures, tmp_path):
    broken = _fixture(fixtures).replace("        next: resolved\n", "        next: resolvd\n", 1)
    path = tmp_path / "sc-broken.yaml"
    path.write_text(broken, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "repairlab", "validate", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert f"{path}:{_line_of(broken, 'nodes.n2.options[0].next')}: item sc-fixture: field nodes.n2.options[0].next:" \
        in done.stdout

    done = subprocess.run([sys.executable, "-m", "repairlab", "validate", "--json", str(path)],
                          capture_output=True, text=True)
    result = json.loads(done.stdout)
    assert result["ok"] is False and result["scenarios_valid"] == 0
