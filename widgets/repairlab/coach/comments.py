"""The coach's comments on a record, kept beside it (``<record>.comments.json``), never in it.

The record is the learner's; the comments are the coach's. Keeping them in their own file
means the learner's export is never rewritten, and the coach can hand the comments back on
their own. Writes are atomic, and a damaged comments file is reported, never overwritten.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from repairlab.errors import RepairlabError
from repairlab.atomic import write_text_atomic
from repairlab.coach.records import COMMENTS_SUFFIX

FORMAT = "repairlab-coach-comments"


class CommentsError(RepairlabError):
    """The comments file cannot be read; it has been left as it is."""


def comments_path(record: Path) -> Path:
    record = Path(record)
    return record.with_name(record.stem + COMMENTS_SUFFIX)


def load_comments(record: Path) -> list[dict]:
    path = comments_path(record)
    if not path.exists():
        return []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommentsError(f"{path} cannot be read ({exc}); it has been left untouched.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT or not isinstance(document.get("comments"), list):
        raise CommentsError(f"{path} is not a comments file written by repairlab; it has been left untouched.")
    return document["comments"]


def save_comment(record: Path, text: str, *, about: str = "", coach: str = "") -> list[dict]:
    """Add one comment (optionally about a statement or a run) and return them all."""
    if not text.strip():
        raise ValueError("a comment must not be empty")
    comments = load_comments(record)  # refuses a damaged file before anything is written
    comments.append({"at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "coach": coach,
                     "about": about, "text": text})
    write_text_atomic(comments_path(record), json.dumps({"format": FORMAT, "record": Path(record).name,
                                                         "comments": comments}, indent=2, ensure_ascii=False))
    return comments
