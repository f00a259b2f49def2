"""``ProgressStore``: a learner's practice history in one SQLite file.

Why SQLite: every write is an atomic transaction, several kernels (two browser tabs, a
notebook and Voilà) can write to the same file at once without losing a record, and the
file is a single thing a learner can back up. The store never resets a file it cannot read;
it raises ``StoreError`` and leaves the file exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from repairlab.store.errors import StoreError
from repairlab.store.location import default_store_path
from repairlab.store.migrations import MIGRATIONS, SCHEMA_VERSION
from repairlab.store.records import (KINDS, Answer, Draft, DrillStep, JournalEntry, OwnItem, Reaction, Record,
                                     ScenarioStep)

_SQLITE_HEADER = b"SQLite format 3\x00"
_OUR_TABLES = {"learners", *KINDS}
RECORD_KINDS = tuple(KINDS)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _new_uid() -> str:
    return uuid.uuid4().hex


def _new(model: type[Record], **fields: Any) -> Record:
    """A new record with a fresh uid and time. Values are checked by SQLite's constraints as the
    row is written (inside the transaction, so a bad value leaves nothing behind); the model
    checks them when an export is read."""
    return model.model_construct(uid=_new_uid(), at=now(), **fields)


class ProgressStore:
    """Open (creating if needed) the store at ``path``; the default is the learner's data dir."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_store_path()
        self._conn = self._connect()
        try:
            self._check_and_migrate()
        except BaseException:
            self._conn.close()
            raise

    # Opening ---------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        exists = self.path.exists()
        if exists:
            if self.path.is_dir():
                raise StoreError(f"{self.path} is a folder, not a progress store file.")
            with self.path.open("rb") as handle:
                head = handle.read(len(_SQLITE_HEADER))
            if head and head != _SQLITE_HEADER:
                raise StoreError(
                    f"{self.path} is not a repairlab progress store (it is not an SQLite database). "
                    "It has been left untouched. Move it aside or point REPAIRLAB_STORE elsewhere."
                )
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        mode = "rw" if exists else "rwc"
        try:
            conn = sqlite3.connect(
                f"file:{self.path}?mode={mode}", uri=True, timeout=30, isolation_level=None,
                check_same_thread=False,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the progress store {self.path}: {exc}") from exc
        conn.row_factory = sqlite3.Row
        return conn

    def _check_and_migrate(self) -> None:
        try:
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path} was written by a newer repairlab (store schema v{version}; this "
                    f"version knows up to v{SCHEMA_VERSION}). Upgrade repairlab to use it; the file "
                    "has been left untouched."
                )
            tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version == 0 and tables and not tables <= _OUR_TABLES:
                raise StoreError(
                    f"{self.path} is an SQLite database, but not a repairlab progress store "
                    f"(it has tables {sorted(tables)}). It has been left untouched."
                )
            check = self._conn.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise StoreError(
                    f"{self.path} is damaged (SQLite integrity check: {check}). It has been left "
                    "untouched; restore it from a backup or an exported JSON file."
                )
            self._conn.execute("PRAGMA foreign_keys = ON")
            if version < SCHEMA_VERSION:
                self._migrate()
            if self._conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                self._conn.execute("PRAGMA journal_mode = WAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{self.path} cannot be read as a progress store ({exc}). It has been left untouched."
            ) from exc

    def _migrate(self) -> None:
        with self._transaction() as conn:
            # Re-read inside the lock: another kernel may have migrated while we waited.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: all of it lands, or none of it does."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        else:
            self._conn.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "ProgressStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return self._conn.execute("PRAGMA user_version").fetchone()[0]

    # Learners --------------------------------------------------------------------------

    def ensure_learner(self, learner_id: str, display_name: str = "") -> str:
        if not learner_id or not learner_id.strip():
            raise ValueError("a learner id must not be empty")
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)",
                (learner_id, display_name, now()),
            )
            if display_name:
                conn.execute("UPDATE learners SET display_name = ? WHERE learner_id = ?", (display_name, learner_id))
        return learner_id

    # Writing records -------------------------------------------------------------------

    @staticmethod
    def _insert(conn: sqlite3.Connection, learner_id: str, record: Record, *, or_ignore: bool = False) -> int:
        """Write one record (already checked by its model); returns 1 if a row was added."""
        json_columns = record.json_columns()
        row = {"learner_id": learner_id, **{k: (json.dumps(v) if k in json_columns else v)
                                            for k, v in record.model_dump().items()}}
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
        cursor = conn.execute(f"{verb} INTO {record.table} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                              tuple(row.values()))
        return cursor.rowcount

    def _add(self, learner_id: str, record: Record) -> None:
        with self._transaction() as conn:
            self._require_learner(conn, learner_id)
            self._insert(conn, learner_id, record)

    def record_answer(self, learner_id: str, item_id: str, *, chosen_family: str, chosen_subtype: str | None,
                      family_correct: bool, subtype_correct: bool | None, context: str = "") -> str:
        """One classification answer; ``context`` says where it was given (module, drill, form)."""
        record = _new(Answer, item_id=item_id, chosen_family=chosen_family,
                        chosen_subtype=chosen_subtype, family_correct=int(family_correct),
                        subtype_correct=None if subtype_correct is None else int(subtype_correct), context=context)
        self._add(learner_id, record)
        return record.uid

    def record_draft(self, learner_id: str, item_id: str, text: str, *, score: float | None,
                     moves: list[str] = (), pulls: list[str] = ()) -> int:
        """Store a drafted response; returns its attempt number for this item (1, 2, ...)."""
        with self._transaction() as conn:
            self._require_learner(conn, learner_id)
            attempt = conn.execute(
                "SELECT COALESCE(MAX(attempt), 0) + 1 FROM drafts WHERE learner_id = ? AND item_id = ?",
                (learner_id, item_id),
            ).fetchone()[0]
            self._insert(conn, learner_id, _new(Draft, item_id=item_id, attempt=attempt, text=text,
                                                 score=score, moves=list(moves), pulls=list(pulls)))
        return attempt

    def record_reaction(self, learner_id: str, *, challenge: str | None, feelings: dict[str, int] | None = None,
                        item_id: str | None = None, note: str = "", stance: str | None = None,
                        quick: str | None = None) -> str:
        """A reaction: the challenge and slider ratings of a reaction check, the hooked/engaged
        ``stance``, or the one-click ``quick`` check made before drafting."""
        record = _new(Reaction, item_id=item_id, challenge=challenge,
                          feelings=dict(feelings or {}), note=note, stance=stance, quick=quick)
        self._add(learner_id, record)
        return record.uid

    def record_drill_step(self, learner_id: str, drill_id: str, *, item_id: str, difficulty: str,
                          outcome: str) -> int:
        """One step of a drill; returns the step number within that drill."""
        with self._transaction() as conn:
            self._require_learner(conn, learner_id)
            step = conn.execute(
                "SELECT COALESCE(MAX(step), 0) + 1 FROM drill_steps WHERE learner_id = ? AND drill_id = ?",
                (learner_id, drill_id),
            ).fetchone()[0]
            self._insert(conn, learner_id, _new(DrillStep, drill_id=drill_id, step=step,
                                                     item_id=item_id, difficulty=difficulty, outcome=outcome))
        return step

    def record_journal(self, learner_id: str, exercise: str, entry: dict[str, Any]) -> str:
        """One completed reflective exercise (breathing space, anecdote, contingency, ...)."""
        record = _new(JournalEntry, exercise=exercise, entry=dict(entry))
        self._add(learner_id, record)
        return record.uid

    def add_own_item(self, learner_id: str, statement: str, context: str = "", family: str | None = None) -> str:
        """A difficult client statement from the learner's own practice, kept for drafting drills."""
        if not statement.strip():
            raise ValueError("an own practice statement must not be empty")
        record = _new(OwnItem, statement=statement, context=context, family=family)
        self._add(learner_id, record)
        return record.uid

    def record_scenario_run(self, learner_id: str, scenario_id: str, steps: list[dict[str, Any]]) -> str:
        """Save a run through a scenario (its turns so far) under a new run id, in one transaction.
        Each step has ``node``, ``choice`` (1-based, authored order), ``leads_to`` and optionally
        ``draft``, ``reaction`` and ``ending_kind``."""
        run_id = _new_uid()
        self.extend_scenario_run(learner_id, scenario_id, run_id, steps, first_turn=1)
        return run_id

    def extend_scenario_run(self, learner_id: str, scenario_id: str, run_id: str, steps: list[dict[str, Any]],
                            *, first_turn: int) -> None:
        """Add turns ``first_turn``, ``first_turn + 1``, ... to a run."""
        records = [_new(ScenarioStep, scenario_id=scenario_id, run_id=run_id,
                                turn=first_turn + i, **step) for i, step in enumerate(steps)]
        with self._transaction() as conn:
            self._require_learner(conn, learner_id)
            for record in records:
                self._insert(conn, learner_id, record)

    def scenario_runs(self, learner_id: str, scenario_id: str | None = None) -> list[dict[str, Any]]:
        """Runs, oldest first: ``{"run_id", "scenario_id", "steps": [...], "ending", "ending_kind"}``."""
        runs: dict[str, dict[str, Any]] = {}
        for step in self.records("scenario_steps", learner_id):
            if scenario_id is not None and step["scenario_id"] != scenario_id:
                continue
            run = runs.setdefault(step["run_id"], {"run_id": step["run_id"], "scenario_id": step["scenario_id"],
                                                   "steps": [], "ending": None, "ending_kind": None})
            run["steps"].append(step)
        for run in runs.values():
            run["steps"].sort(key=lambda s: s["turn"])
            last = run["steps"][-1]
            if last["ending_kind"]:
                run["ending"], run["ending_kind"] = last["leads_to"], last["ending_kind"]
        return list(runs.values())

    def journal(self, learner_id: str, exercise: str | None = None) -> list[dict[str, Any]]:
        entries = self.records("journal", learner_id)
        return [j for j in entries if exercise is None or j["exercise"] == exercise]

    def own_items(self, learner_id: str) -> list[dict[str, Any]]:
        return self.records("own_items", learner_id)

    @staticmethod
    def _require_learner(conn: sqlite3.Connection, learner_id: str) -> None:
        if conn.execute("SELECT 1 FROM learners WHERE learner_id = ?", (learner_id,)).fetchone() is None:
            raise StoreError(f"no learner {learner_id!r} in this store; call ensure_learner first")

    # Reading ---------------------------------------------------------------------------

    def records(self, kind: str, learner_id: str) -> list[dict[str, Any]]:
        """All records of one kind for one learner, oldest first."""
        if kind not in RECORD_KINDS:
            raise ValueError(f"{kind!r} is not a record kind; allowed: {', '.join(RECORD_KINDS)}")
        rows = self._conn.execute(
            f"SELECT * FROM {kind} WHERE learner_id = ? ORDER BY at, rowid", (learner_id,)
        ).fetchall()
        json_columns = KINDS[kind].json_columns()
        out = []
        for row in rows:
            record = dict(row)
            for column in json_columns:
                record[column] = json.loads(record[column])
            out.append(record)
        return out

    def answers(self, learner_id: str) -> list[dict[str, Any]]:
        return self.records("answers", learner_id)

    def drafts(self, learner_id: str, item_id: str | None = None) -> list[dict[str, Any]]:
        drafts = self.records("drafts", learner_id)
        return [d for d in drafts if item_id is None or d["item_id"] == item_id]

    def reactions(self, learner_id: str) -> list[dict[str, Any]]:
        return self.records("reactions", learner_id)

    def drill_steps(self, learner_id: str, drill_id: str | None = None) -> list[dict[str, Any]]:
        steps = self.records("drill_steps", learner_id)
        return [s for s in steps if drill_id is None or s["drill_id"] == drill_id]

    # Moving a record between machines ---------------------------------------------------

    def export_learner(self, learner_id: str) -> dict[str, Any]:
        learner = self._conn.execute("SELECT * FROM learners WHERE learner_id = ?", (learner_id,)).fetchone()
        if learner is None:
            raise StoreError(f"no learner {learner_id!r} in {self.path}")
        exported: dict[str, Any] = {
            "format": "repairlab-progress", "version": SCHEMA_VERSION, "exported_at": now(),
            "learner": dict(learner),
        }
        for kind in RECORD_KINDS:
            exported[kind] = [{k: v for k, v in r.items() if k != "learner_id"} for r in self.records(kind, learner_id)]
        return exported

    def import_learner(self, exported: dict[str, Any]) -> dict[str, int]:
        """Add an exported record; records already present (same uid) are skipped, so importing
        twice is harmless. Returns how many records of each kind were new."""
        from repairlab.store.transfer import validate_export

        document = validate_export(exported)
        learner = document.learner
        added = {}
        with self._transaction() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO learners (learner_id, display_name, created_at) VALUES (?, ?, ?)",
                (learner.learner_id, learner.display_name, learner.created_at),
            )
            for kind in RECORD_KINDS:
                added[kind] = 0
                for record in getattr(document, kind):
                    added[kind] += self._insert(conn, learner.learner_id, record, or_ignore=True)
        return added
