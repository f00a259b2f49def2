"""``repairlab validate [PATH ...]``: check vignette files and say exactly what is wrong.

An instructor's own file is checked together with the built-in bank, so an id that clashes
with a built-in item is caught before the file is used in an assignment.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from repairlab import paths
from repairlab.bank.loader import check_paths, vignette_files


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check vignette files against the schema",
        description="Check vignette YAML files. With no PATH, checks the built-in bank.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders to check")
    parser.add_argument("--alone", action="store_true",
                        help="do not also load the built-in bank (skips the id-clash check against it)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(run=run)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


def _split(targets: list[Path]) -> tuple[list[Path], list[Path]]:
    """Scenario files (one mapping with ``nodes``, or anything under a scenarios folder) apart
    from vignette files; folders are expanded first."""
    from repairlab.scenarios.catalogue import is_scenario_file, scenarios_dir

    vignettes, scenarios = [], []
    for target in targets:
        if target.is_dir() and _inside(target, scenarios_dir()):
            scenarios.append(target)
            continue
        files = vignette_files([target]) if target.is_dir() else [target]
        for file in files:
            is_scenario = _inside(file, scenarios_dir()) or (file.is_file() and is_scenario_file(file))
            (scenarios if is_scenario else vignettes).append(file)
    return vignettes, scenarios


def run(args: argparse.Namespace) -> int:
    from repairlab.scenarios.catalogue import check_scenarios, scenarios_dir

    builtin = paths.vignettes_dir()
    if args.paths:
        targets, scenario_targets = _split(list(args.paths))
    else:
        targets, scenario_targets = [builtin], [scenarios_dir()]
    scenarios, scenario_issues = check_scenarios(scenario_targets) if scenario_targets else ({}, [])
    if args.paths and not targets:
        return _report(args, scenario_issues, 0, 0, scenarios)
    to_load = list(targets)
    if not args.alone and not any(_inside(p, builtin) or _inside(builtin, p) for p in targets):
        to_load = [builtin, *targets]
    vignettes, issues, origin = check_paths(to_load)

    target_files = {f.resolve() for f in vignette_files(targets)}
    checked = [v for v in vignettes if origin.get(v.id) and origin[v.id].resolve() in target_files]
    if not args.paths and not issues:
        # The built-in skills name bank items, so they are checked against the bank just loaded.
        from repairlab.bank import Bank, load_taxonomy
        from repairlab.skills import check_skills

        skills, skill_issues = check_skills(bank=Bank(vignettes, taxonomy=load_taxonomy()))
        issues.extend(skill_issues)
    return _report(args, issues + scenario_issues, len(checked), len(target_files), scenarios)


def _report(args: argparse.Namespace, issues: list, items: int, files: int, scenarios: dict) -> int:
    parts = [f"{items} item(s) in {files} file(s)"] if files or not scenarios else []
    if scenarios:
        parts.append(f"{len(scenarios)} scenario(s)")
    what = " and ".join(parts)
    if args.json:
        print(json.dumps({"ok": not issues, "items_valid": items, "scenarios_valid": len(scenarios),
                          "issues": [i.as_dict() for i in issues]}, indent=2))
    else:
        for issue in issues:
            print(issue)
        if issues:
            print(f"\n{len(issues)} problem(s) found; valid: {what}.")
        else:
            print(f"OK: {what} are valid.")
    return 1 if issues else 0
