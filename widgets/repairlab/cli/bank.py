"""``repairlab bank stats``: how the bank is made up (families, subtypes, difficulty, pools)."""

from __future__ import annotations

import argparse
import json
import sys

from repairlab.bank import BankError, load_bank


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("bank", help="look at the vignette bank")
    commands = parser.add_subparsers(dest="bank_command", metavar="COMMAND", required=True)
    stats = commands.add_parser("stats", help="counts by family, subtype, difficulty and pool")
    stats.add_argument("--json", action="store_true", help="print the counts as JSON")
    stats.set_defaults(run=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    try:
        bank = load_bank()
    except BankError as error:
        print(error, file=sys.stderr)
        print("Run 'repairlab validate' for the full list.", file=sys.stderr)
        return 1
    counts = bank.counts()
    if args.json:
        print(json.dumps(counts, indent=2))
        return 0
    print(f"{len(bank)} vignettes\n")
    for section in ("family", "difficulty", "pool", "subtype", "modality", "tags"):
        print(section.capitalize())
        for key, n in counts[section].items():
            print(f"  {key:<58} {n:>4}")
        print()
    profiles = counts["profiles"]
    print(f"Client profiles: {profiles['with_profile']} of {len(bank)} items have one")
    for family, table in profiles["by_family"].items():
        print(f"  {family}")
        for attribute in ("gender", "age_band", "ethnicity_group"):
            shown = ", ".join(f"{k} {n}" for k, n in table[attribute].items())
            print(f"    {attribute:<16} {shown}")
    print()
    for group in bank.overrepresented("confrontation_rupture"):
        print(f"Imbalance: {group['attribute']} '{group['group']}' holds {group['family_share']:.0%} of "
              f"confrontation items but {group['bank_share']:.0%} of the bank")
    return 0
