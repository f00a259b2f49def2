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


def run(args: argparse.Namespace) -> int:
    builtin = paths.vignettes_dir()
    targets = list(args.paths) or [builtin]
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
    if args.json:
        print(json.dumps({"ok": not issues, "items_valid": len(checked),
                          "issues": [i.as_dict() for i in issues]}, indent=2))
    else:
        for issue in issues:
            print(issue)
        files = len(target_files)
        if issues:
            print(f"\n{len(issues)} problem(s) found in {files} file(s); {len(checked)} item(s) valid.")
        else:
            print(f"OK: {len(checked)} item(s) in {files} file(s) are valid.")
    return 1 if issues else 0
