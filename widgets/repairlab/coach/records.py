"""A learner's practice record as a coach reads it: the exported JSON, checked, never written.

The learner makes the file with ``repairlab progress export`` and hands it over; the coach
opens it here. Nothing in this module writes to it: the record stays the learner's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from repairlab.store.transfer import read_export

COMMENTS_SUFFIX = ".comments.json"


@dataclass(frozen=True)
class PracticeRecord:
    path: Path
    document: dict[str, Any]

    @property
    def learner(self) -> str:
        learner = self.document["learner"]
        return learner.get("display_name") or learner["learner_id"]

    @property
    def drafts(self) -> list[dict]:
        return list(self.document.get("drafts", []))

    @property
    def reactions(self) -> list[dict]:
        return list(self.document.get("reactions", []))

    def journal(self, kind: str) -> list[dict]:
        return [j["entry"] for j in self.document.get("journal", []) if j["exercise"] == kind]

    def scenario_runs(self) -> list[dict]:
        """The runs through scenarios, each with its steps in order and the ending it reached."""
        runs: dict[str, dict] = {}
        for step in self.document.get("scenario_steps", []):
            run = runs.setdefault(step["run_id"], {"scenario_id": step["scenario_id"], "steps": []})
            run["steps"].append(step)
        for run in runs.values():
            run["steps"].sort(key=lambda s: s["turn"])
            run["ending_kind"] = run["steps"][-1].get("ending_kind")
        return list(runs.values())

    def drafts_by_item(self) -> dict[str, list[dict]]:
        """Every draft, grouped by the statement it answered, in the order written."""
        grouped: dict[str, list[dict]] = {}
        for draft in sorted(self.drafts, key=lambda d: (d["item_id"], d["attempt"])):
            grouped.setdefault(draft["item_id"], []).append(draft)
        return grouped


def open_record(path: Path) -> PracticeRecord:
    """Read and check an exported record; a damaged file raises ``StoreError`` naming it."""
    path = Path(path)
    return PracticeRecord(path, read_export(path))


def records_in(folder: Path) -> list[Path]:
    """The exported records in a folder (not the comment files kept beside them)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(COMMENTS_SUFFIX))
