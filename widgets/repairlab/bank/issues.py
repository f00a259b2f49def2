"""A problem found in a vignette file, said so that an author can fix it.

Every problem names the file, the item, the field and (where it can) the line, so a message
reads like a compiler error: ``clinic.yaml:14: item cf-par-03: field pool: ...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repairlab.errors import RepairlabError


@dataclass(frozen=True)
class BankIssue:
    file: Path
    message: str
    item: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.file) + (f":{self.line}" if self.line else "")
        parts = [where]
        if self.item:
            parts.append(f"item {self.item}")
        if self.field:
            parts.append(f"field {self.field}")
        return ": ".join(parts) + ": " + self.message

    def as_dict(self) -> dict:
        return {
            "file": str(self.file),
            "line": self.line,
            "item": self.item,
            "field": self.field,
            "message": self.message,
        }


class BankError(RepairlabError):
    """Raised when the bank cannot be loaded; carries every problem found, not just the first."""

    def __init__(self, issues: list[BankIssue], what: str = "the vignette bank"):
        self.issues = list(issues)
        shown = "\n".join(f"  {issue}" for issue in self.issues[:20])
        more = f"\n  ... and {len(self.issues) - 20} more" if len(self.issues) > 20 else ""
        super().__init__(f"{len(self.issues)} problem(s) in {what}:\n{shown}{more}")
