"""Export and import of one learner's progress as a JSON file.

A learner moves machines, or hands their record to an instructor, with one file. Reading such
a file checks every record; a damaged file is reported (file, record, field), never half-read.
Writing is atomic: a crash mid-write leaves the old file, never a truncated one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from repairlab.atomic import write_text_atomic
from repairlab.store.errors import StoreError
from repairlab.store.migrations import SCHEMA_VERSION


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LearnerRecord(_Record):
    learner_id: Annotated[str, Field(min_length=1)]
    display_name: str = ""
    created_at: str


class AnswerRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    item_id: str
    chosen_family: str
    chosen_subtype: str | None
    family_correct: Literal[0, 1]
    subtype_correct: Literal[0, 1] | None
    context: str = ""
    at: str


class DraftRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    item_id: str
    attempt: Annotated[int, Field(ge=1)]
    text: str
    score: Annotated[float, Field(ge=0, le=1)] | None
    moves: list[str]
    pulls: list[str]
    at: str


class ReactionRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    item_id: str | None
    challenge: str | None
    feelings: dict[str, int]
    note: str = ""
    at: str


class DrillStepRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    drill_id: str
    step: Annotated[int, Field(ge=1)]
    item_id: str
    difficulty: str
    outcome: str
    at: str


class JournalRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    exercise: str
    entry: dict[str, Any]
    at: str


class OwnItemRecord(_Record):
    uid: Annotated[str, Field(min_length=1)]
    statement: Annotated[str, Field(min_length=1)]
    context: str = ""
    family: str | None = None
    at: str


class ExportDocument(_Record):
    format: Literal["repairlab-progress"]
    version: int
    exported_at: str
    learner: LearnerRecord
    answers: list[AnswerRecord]
    drafts: list[DraftRecord]
    reactions: list[ReactionRecord]
    drill_steps: list[DrillStepRecord]
    # Added in format v2; a v1 export simply has none.
    journal: list[JournalRecord] = []
    own_items: list[OwnItemRecord] = []


def validate_export(data: Any, source: str = "the exported progress") -> ExportDocument:
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] > SCHEMA_VERSION:
        raise StoreError(
            f"{source} comes from a newer repairlab (format v{data['version']}; this version reads up "
            f"to v{SCHEMA_VERSION}). Upgrade repairlab to import it."
        )
    try:
        return ExportDocument.model_validate(data)
    except ValidationError as error:
        problems = []
        for err in error.errors(include_url=False)[:10]:
            where = ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in err["loc"]).replace(".[", "[")
            problems.append(f"  {where or '(top level)'}: {err['msg']}")
        raise StoreError(f"{source} is not a valid repairlab progress export:\n" + "\n".join(problems)) from error


def write_export(document: dict[str, Any], path: Path) -> None:
    """Write atomically, so an interrupted export never leaves half a file."""
    write_text_atomic(Path(path), json.dumps(document, indent=2, ensure_ascii=False))


def read_export(path: Path) -> dict[str, Any]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(f"{path} does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path} is not a readable JSON file ({exc}); nothing was imported") from exc
    validate_export(data, source=str(path))
    return data
