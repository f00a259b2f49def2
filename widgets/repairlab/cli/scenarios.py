"""``repairlab scenarios stats|play``: look at the multi-turn scenarios without widgets."""

from __future__ import annotations

import argparse
import json
import sys

from repairlab.bank import BankError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("scenarios", help="look at and play the multi-turn scenarios")
    commands = parser.add_subparsers(dest="scenarios_command", metavar="COMMAND", required=True)
    stats = commands.add_parser("stats", help="each scenario's opening marker, size, highest stage and endings")
    stats.add_argument("--json", action="store_true", help="print as JSON")
    stats.set_defaults(run=run_stats)
    play = commands.add_parser("play", help="play one path and print the transcript and ending (for authors)")
    play.add_argument("scenario", metavar="ID")
    play.add_argument("--choices", default="", help="options to take, 1-based in the order written, e.g. 2,1,3")
    play.add_argument("--json", action="store_true", help="print as JSON")
    play.set_defaults(run=run_play)


def _load():
    from repairlab.scenarios import load_scenarios

    try:
        return load_scenarios()
    except BankError as error:
        print(error, file=sys.stderr)
        print("Run 'repairlab validate' for the full list.", file=sys.stderr)
        return None


def run_stats(args: argparse.Namespace) -> int:
    from repairlab.scenarios import audit

    scenarios = _load()
    if scenarios is None:
        return 1
    rows = []
    for scenario in scenarios:
        facts = audit(scenario)
        rows.append({"id": scenario.id, "family": scenario.family, "subtype": scenario.subtype,
                     "difficulty": scenario.difficulty, "tags": list(scenario.tags),
                     "client_nodes": facts["client_nodes"], "highest_stage": facts["highest_stage"],
                     "endings": facts["endings"]})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        endings = ", ".join(f"{n} {kind}" for kind, n in sorted(row["endings"].items()))
        print(f"{row['id']:<24} {row['family']}/{row['subtype']}  {row['client_nodes']} turns, "
              f"stage {row['highest_stage']} reachable; endings: {endings}")
    print(f"{len(rows)} scenario(s)")
    return 0


def run_play(args: argparse.Namespace) -> int:
    from repairlab.scenarios import play

    scenarios = _load()
    if scenarios is None:
        return 1
    try:
        scenario = scenarios.get(args.scenario)
        choices = [int(c) for c in args.choices.replace(" ", "").split(",") if c]
        run = play(scenario, choices)
    except (KeyError, ValueError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 2
    node = run.node
    result = {**run.summary(), "transcript": run.transcript(),
              "next": None if node is None else {"node": run.position, "client": node.client,
                                                 "options": [o.text for o in node.options]}}
    if run.ending is not None:
        result["ending_client"] = run.ending.client
        result["debrief"] = run.ending.debrief
        result["try_next"] = run.ending.try_next
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    for row in result["transcript"]:
        print(f"[{row['node']}, stage {row['stage']}] Client: {row['client']}")
        print(f"  Therapist ({row['choice']}, {row['quality']}): {row['therapist']}")
    if run.ending is not None:
        print(f"Client: {run.ending.client}")
        print(f"Ending: {run.position} ({run.ending.kind}). {run.ending.debrief}")
        print(f"Try next: {run.ending.try_next}")
    else:
        print(f"[{run.position}] Client: {node.client}")
        for i, option in enumerate(node.options, 1):
            print(f"  {i}. {option.text}")
    return 0
