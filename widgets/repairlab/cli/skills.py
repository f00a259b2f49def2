"""``repairlab skills list``: the single-skill exercises, their criteria and their statements."""

from __future__ import annotations

import argparse
import json
import sys

from repairlab.bank import BankError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("skills", help="look at the single-skill exercises")
    commands = parser.add_subparsers(dest="skills_command", metavar="COMMAND", required=True)
    listing = commands.add_parser("list", help="each skill with its criteria and statement counts by difficulty")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(run=run_list)


def run_list(args: argparse.Namespace) -> int:
    from repairlab.skills import load_skills

    try:
        skills = load_skills()
    except BankError as error:
        print(error, file=sys.stderr)
        print("Run 'repairlab validate' for the full list.", file=sys.stderr)
        return 1
    rows = [{"id": s.id, "title": s.title, "criteria": len(s.criteria),
             "statements": {level: len(ids) for level, ids in s.statements.by_level().items()}}
            for s in skills]
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        counts = ", ".join(f"{n} {level}" for level, n in row["statements"].items())
        print(f"{row['id']:<28} {row['criteria']} criteria; statements: {counts}")
        print(f"  {row['title']}")
    return 0
