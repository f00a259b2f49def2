"""``repairlab progress export|import``: move one learner's record between machines as JSON."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from repairlab.session import DEFAULT_LEARNER
from repairlab.store import ProgressStore, StoreError
from repairlab.store.transfer import read_export, write_export


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("progress", help="export or import a learner's progress")
    parser.add_argument("--store", type=Path, default=None,
                        help="the progress database (default: your data folder, or $REPAIRLAB_STORE)")
    commands = parser.add_subparsers(dest="progress_command", metavar="COMMAND", required=True)
    export = commands.add_parser("export", help="write one learner's record to a JSON file")
    export.add_argument("out", type=Path, help="the JSON file to write")
    export.add_argument("--learner", default=DEFAULT_LEARNER, help=f"learner id (default: {DEFAULT_LEARNER})")
    export.set_defaults(run=run_export)
    imp = commands.add_parser("import", help="add a learner's record from a JSON file (safe to repeat)")
    imp.add_argument("file", type=Path, help="a file written by 'repairlab progress export'")
    imp.set_defaults(run=run_import)


def run_export(args: argparse.Namespace) -> int:
    try:
        with ProgressStore(args.store) as store:
            document = store.export_learner(args.learner)
        write_export(document, args.out)
    except StoreError as error:
        print(f"repairlab: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(document[k])} {k.replace('_', ' ')}" for k in ("answers", "drafts", "reactions", "drill_steps"))
    print(f"Exported learner {args.learner!r} to {args.out}: {counts}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        document = read_export(args.file)
        with ProgressStore(args.store) as store:
            added = store.import_learner(document)
    except StoreError as error:
        print(f"repairlab: {error}", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in added.items())
    print(f"Imported learner {document['learner']['learner_id']!r} from {args.file}: new records: {counts}.")
    return 0
