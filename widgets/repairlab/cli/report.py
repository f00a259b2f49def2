"""``repairlab report [COURSE_DIR]``: the cohort report as one HTML file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from repairlab.course.spec import SpecError


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("report", help="cohort report from the gradebook and the submissions")
    parser.add_argument("course_dir", nargs="?", default="instructor", type=Path,
                        help="the nbgrader course folder (default: instructor)")
    parser.add_argument("--out", type=Path, default=Path("cohort_report.html"), help="where to write the report")
    parser.add_argument("--gradebook", type=Path, help="the gradebook database (default: COURSE_DIR/gradebook.db)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from repairlab.course.report import write_report

    try:
        data = write_report(args.course_dir, args.out, args.gradebook)
    except SpecError as error:
        print(error, file=sys.stderr)
        return 1
    students = data.answers["student"].nunique() if not data.answers.empty else 0
    print(f"Wrote {args.out}: {students} student(s), {len(data.answers)} classified statement(s), "
          f"{len(data.unusable)} answer sheet problem(s).")
    return 0
