"""Export and import of one learner's progress as a JSON file.

A learner moves machines, or hands their record to an instructor, with one file. Reading such
a file checks every record; a damaged file is reported (file, record, field), never half-read.
Writing is atomic: a crash mid-write leaves the old file, never a truncated one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from repairlab.atomic import write_text_atomic
from repairlab.store.errors import StoreError
from repairlab.store.migrations import SCHEMA_VERSION
from repairlab.store.records import Answer, Draft, DrillStep, JournalEntry, Learner, OwnItem, Reaction, ScenarioStep


class ExportDocument(BaseModel):
    """One learner's progress. Record kinds added after format v1 default to none."""

    model_config = ConfigDict(extra="forbid")
    format: Literal["repairlab-progress"]
    version: int
    exported_at: str
    learner: Learner
    answers: list[Answer]
    drafts: list[Draft]
    reactions: list[Reaction]
    drill_steps: list[DrillStep]
    journal: list[JournalEntry] = []  # v2
    own_items: list[OwnItem] = []  # v2
    scenario_steps: list[ScenarioStep] = []  # v3


def _upgrade(data: Any) -> Any:
    """Bring a v1/v2 export up to v3, as migration 3 does for a store: the stance and the
    one-click check move out of ``feelings`` into their own fields."""
    if not isinstance(data, dict) or not isinstance(data.get("version"), int) or data["version"] >= 3:
        return data
    reactions = []
    for reaction in data.get("reactions") or []:
        if isinstance(reaction, dict) and isinstance(reaction.get("feelings"), dict):
            reaction, feelings = dict(reaction), dict(reaction["feelings"])
            if reaction.get("note") == "before drafting":
                reaction["quick"] = next(iter(feelings), None)
                feelings = {}
            else:
                stances = [key for key in ("hooked", "engaged") if key in feelings]
                reaction["stance"] = stances[0] if stances else None
                for key in stances:
                    feelings.pop(key)
            reaction["feelings"] = feelings
        reactions.append(reaction)
    return {**data, "reactions": reactions}


def validate_export(data: Any, source: str = "the exported progress") -> ExportDocument:
    if isinstance(data, dict) and isinstance(data.get("version"), int) and data["version"] > SCHEMA_VERSION:
        raise StoreError(
            f"{source} comes from a newer repairlab (format v{data['version']}; this version reads up "
            f"to v{SCHEMA_VERSION}). Upgrade repairlab to import it."
        )
    try:
        return ExportDocument.model_validate(_upgrade(data))
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
