"""Entry point of the ``repairlab`` command."""

from __future__ import annotations

import argparse
import sys

from repairlab import __version__
from repairlab.cli import bank, course, feedback, progress, report, scenarios, skills, validate


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="repairlab",
        description="Deliberate practice for noticing and repairing alliance ruptures.",
    )
    parser.add_argument("--version", action="version", version=f"repairlab {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    validate.add_parser(subparsers)
    bank.add_parser(subparsers)
    feedback.add_parser(subparsers)
    progress.add_parser(subparsers)
    course.add_parser(subparsers)
    report.add_parser(subparsers)
    skills.add_parser(subparsers)
    scenarios.add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:  # e.g. `repairlab bank stats | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
