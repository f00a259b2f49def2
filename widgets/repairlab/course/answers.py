"""The answer sheet: what a student chose, in a file that travels with the submission.

``nbgrader autograde`` re-executes every notebook from scratch, so a widget's clicks are gone
by grading time. Each answer is therefore written, the moment it is saved, to ``answers.json``
beside the notebook; nbgrader collects that file with the notebook and the grading cells read
it back.

The file is untrusted input. It is parsed as plain JSON with a size limit, and each entry
carries a digest of its content, so a hand edit or a damaged file is reported for the entries
it touches rather than silently graded. (The digest catches edits and corruption, not a
determined forger with the source code: graded work still needs an honour code.)

Nothing is ever reset: if the file cannot be read, saving refuses and says so, leaving the
file as it is for the student or instructor to look at.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from repairlab.errors import RepairlabError
from repairlab.atomic import write_text_atomic

ANSWER_FILE = "answers.json"
FORMAT = 1
MAX_BYTES = 1_000_000
KINDS = ("classify", "draft", "reaction", "scenario")


class AnswerFileError(RepairlabError):
    """The answer file cannot be used; the message says why, in words a student can act on."""


class AnswerFileMissing(AnswerFileError):
    pass


class AnswerFileMalformed(AnswerFileError):
    pass


def entry_digest(assignment: str, question: str, kind: str, value: Any) -> str:
    payload = json.dumps({"assignment": assignment, "question": question, "kind": kind, "value": value},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class Answers:
    """The readable entries of a sheet, and the questions whose entries could not be trusted."""

    entries: dict[str, dict[str, Any]] = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)

    def value(self, question: str) -> Any:
        entry = self.entries.get(question)
        return None if entry is None else entry["value"]


class AnswerSheet:
    def __init__(self, folder: Path, assignment: str):
        self.path = Path(folder) / ANSWER_FILE
        self.assignment = assignment

    def read(self) -> Answers:
        """Every entry that parses and matches its digest; raises if the file as a whole cannot be used."""
        if not self.path.exists():
            raise AnswerFileMissing(f"No answer file ({ANSWER_FILE}) was found beside the notebook.")
        size = self.path.stat().st_size
        if size > MAX_BYTES:
            raise AnswerFileMalformed(f"{ANSWER_FILE} is {size:,} bytes, more than the {MAX_BYTES:,} allowed.")
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AnswerFileMalformed(f"{ANSWER_FILE} is not valid JSON ({exc}).") from None
        if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
            raise AnswerFileMalformed(f"{ANSWER_FILE} has no 'answers' table.")
        if document.get("format") != FORMAT:
            raise AnswerFileMalformed(f"{ANSWER_FILE} has format {document.get('format')!r}; expected {FORMAT}.")
        if document.get("assignment") != self.assignment:
            raise AnswerFileMalformed(
                f"{ANSWER_FILE} belongs to assignment {document.get('assignment')!r}, not {self.assignment!r}."
            )
        answers = Answers()
        for question, entry in document["answers"].items():
            problem = self._entry_problem(question, entry)
            if problem:
                answers.problems[question] = problem
            else:
                answers.entries[question] = entry
        return answers

    def _entry_problem(self, question: str, entry: Any) -> str | None:
        if not isinstance(entry, dict) or entry.get("kind") not in KINDS or "value" not in entry:
            return f"the entry for {question} is not in the expected shape"
        if entry.get("digest") != entry_digest(self.assignment, question, entry["kind"], entry["value"]):
            return f"the entry for {question} was changed outside the exercise (its check digest does not match)"
        return None

    def read_for_student(self) -> Answers:
        """What to show a student reopening the notebook: nothing yet is fine; a damaged file is not."""
        if not self.path.exists():
            return Answers()
        return self.read()

    def save(self, question: str, kind: str, value: Any) -> None:
        """Record one answer, keeping every other entry; refuses to overwrite a file it cannot read."""
        if kind not in KINDS:
            raise ValueError(f"unknown answer kind {kind!r}")
        if self.path.exists():
            try:
                document = json.loads(self.path.read_text(encoding="utf-8"))
                if not isinstance(document, dict) or not isinstance(document.get("answers"), dict):
                    raise ValueError("no 'answers' table")
            except (UnicodeDecodeError, ValueError) as exc:
                raise AnswerFileMalformed(
                    f"{self.path} cannot be read ({exc}), so your answer was not saved and the file was left "
                    "as it is. Rename the file to keep a copy, then answer again, or ask your instructor."
                ) from None
        else:
            document = {"format": FORMAT, "assignment": self.assignment, "answers": {}}
        document["answers"][question] = {
            "kind": kind,
            "value": value,
            "saved_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "digest": entry_digest(self.assignment, question, kind, value),
        }
        write_text_atomic(self.path, json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True))
