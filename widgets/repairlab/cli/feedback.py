"""``repairlab feedback [FILE]``: formative feedback for a batch of drafted responses.

Reads JSON lines with ``client`` and ``response`` (and, optionally, ``context``: what else is known
of the session) from FILE or standard input, and writes one JSON line per input line, in order,
with ``score``, ``moves``, ``pulls`` and ``message``. ``score`` (0 to 1) is the engine's estimate
of how far the reply reads like the bank's exemplary rather than its poor replies, after the
guards' caps: for sorting and screening a batch, not a grade (see docs/how-the-feedback-works.md). A
line that cannot be read gets an ``error`` line in its place, so outputs stay aligned with
inputs, and the command exits 1 at the end.
"""

from __future__ import annotations

import argparse
import json
import sys

from repairlab.feedback import analyse


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser(
        "feedback",
        help="feedback on drafted responses (JSON lines in, JSON lines out)",
        description="Read JSON lines with 'client' and 'response'; write score, moves, pulls and message.",
    )
    parser.add_argument("file", nargs="?", type=argparse.FileType("r", encoding="utf-8"), default=sys.stdin,
                        help="a .jsonl file (default: standard input)")
    parser.add_argument("--evidence", action="store_true", help="also include the words behind each claim")
    parser.set_defaults(run=run)


def _one(line: str, number: int, evidence: bool) -> tuple[dict, bool]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"line": number, "error": f"line {number} is not valid JSON: {exc.msg} (column {exc.colno})"}, False
    if not isinstance(record, dict):
        return {"line": number, "error": f"line {number} must be a JSON object with 'client' and 'response'"}, False
    missing = [k for k in ("client", "response") if not isinstance(record.get(k), str)]
    if missing:
        return {"line": number, "error": f"line {number} needs text fields {missing}"}, False
    context = record.get("context") if isinstance(record.get("context"), str) else ""
    result = analyse(record["client"], record["response"], context=context).as_dict()
    if not evidence:
        result.pop("evidence")
        result.pop("unsure")
    return result, True


def run(args: argparse.Namespace) -> int:
    ok = True
    for number, line in enumerate(args.file, start=1):
        if not line.strip():
            continue
        result, good = _one(line, number, args.evidence)
        ok = ok and good
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return 0 if ok else 1
