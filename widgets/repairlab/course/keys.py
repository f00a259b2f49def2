"""The two halves of an assignment's items: what the student sees, and the key the grader keeps.

``items.json`` goes into ``source/<assignment>/`` and so into the release: client, context and
statement under opaque question keys (``q01``), never a bank id (ids such as ``wd-den-01``
spell out the label) and never a label. ``keys/<assignment>.json`` stays in the instructor's
course folder, outside ``source/``, so nbgrader never releases it; the grading cells find it
through ``REPAIRLAB_COURSE_ROOT``, which the course's ``nbgrader_config.py`` sets.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from repairlab.errors import RepairlabError
from repairlab import settings

ITEMS_FILE = "items.json"
KEYS_DIR = "keys"
COURSE_ROOT_ENV = settings.COURSE_ROOT


@dataclass(frozen=True)
class PublicItem:
    """A client statement as a student sees it: enough to answer, nothing that gives it away."""

    key: str
    kind: str  # "classify" or "draft"
    context: SimpleNamespace
    client_statement: str
    modality_label: str
    ask_stance: bool = False

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "PublicItem":
        return cls(key=data["key"], kind=data["kind"], context=SimpleNamespace(**data["context"]),
                   client_statement=data["client_statement"], modality_label=data["modality_label"],
                   ask_stance=bool(data.get("ask_stance", False)))


@dataclass(frozen=True)
class PublicAssignment:
    name: str
    title: str
    items: dict[str, PublicItem]
    reaction: bool
    scenarios: dict[str, dict] = field(default_factory=dict)  # question key -> the student's copy of a scenario

    @classmethod
    def load(cls, folder: Path) -> "PublicAssignment":
        path = Path(folder) / ITEMS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise FileNotFoundError(
                f"{path} is missing: open this notebook from its assignment folder (the file comes with it)."
            ) from None
        items = {entry["key"]: PublicItem.from_json(entry) for entry in data["items"]}
        scenarios = {entry["key"]: entry for entry in data.get("scenarios", [])}
        return cls(name=data["assignment"], title=data["title"], items=items, reaction=data["reaction"],
                   scenarios=scenarios)


class KeyNotFound(RepairlabError):
    pass


def find_key_file(assignment: str, start: Path | None = None) -> Path:
    """``$REPAIRLAB_COURSE_ROOT/keys/<assignment>.json``, else the nearest ``keys/`` above ``start``."""
    name = f"{assignment}.json"
    root = settings.course_root()
    if root and (Path(root) / KEYS_DIR / name).is_file():
        return Path(root) / KEYS_DIR / name
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / KEYS_DIR / name
        if candidate.is_file():
            return candidate
    raise KeyNotFound(
        f"The grading key {KEYS_DIR}/{name} was not found (looked in ${COURSE_ROOT_ENV} and above {here}). "
        "Run grading from the course folder whose nbgrader_config.py sets it."
    )


def load_key(assignment: str, start: Path | None = None) -> dict[str, Any]:
    return json.loads(find_key_file(assignment, start).read_text(encoding="utf-8"))
