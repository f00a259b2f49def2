"""``repairlab course build [DIR]``: regenerate an nbgrader course's source notebooks and keys."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from repairlab.bank import BankError
from repairlab.course.spec import SpecError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("course", help="build the nbgrader course from course.yaml")
    commands = parser.add_subparsers(dest="course_command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="write source/<assignment>/ and keys/ from course.yaml")
    build.add_argument("course_dir", nargs="?", default="instructor", type=Path,
                       help="the course folder holding course.yaml (default: instructor)")
    build.set_defaults(run=run_build)


def run_build(args: argparse.Namespace) -> int:
    from repairlab.course.build import build_course

    try:
        written = build_course(args.course_dir)
    except (SpecError, BankError) as error:
        print(error, file=sys.stderr)
        return 1
    for path in written:
        print(path)
    print(f"Built {len(written) // 3} assignment(s). Keys are in {args.course_dir / 'keys'}; never release them.")
    return 0
