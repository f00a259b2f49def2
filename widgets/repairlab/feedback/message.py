"""Compose the learner-facing message: what the response did, the pull, one thing to try.

Short, behavioural and kind, with the learner's own words quoted as evidence, and a hedge
when the reading is thin. The message is plain text; widgets escape it before display.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repairlab.feedback.cues import CueSet

if TYPE_CHECKING:
    from repairlab.feedback.analysis import Analysis

_PULL_ORDER = ("blame_client", "justify_defend", "persuade_argue", "ignore_move_on", "lecture",
               "premature_reassurance", "interrogate")


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def compose(analysis: "Analysis", cues: CueSet) -> str:
    text = cues.messages
    if not analysis.response.strip():
        return text["empty"]
    parts: list[str] = []
    moves = list(dict.fromkeys(e.label for e in analysis.moves if e.key != "closed_question"))
    if moves:
        parts.append(text["did"].format(moves=_join(moves)))
    elif any(e.key == "closed_question" for e in analysis.moves):
        parts.append(text["did"].format(moves=cues.moves["closed_question"].label))
    else:
        parts.append(text["did_nothing"])

    pulls = sorted(analysis.pulls, key=lambda e: _PULL_ORDER.index(e.key) if e.key in _PULL_ORDER else 99)
    if pulls:
        top = pulls[0]
        words = top.words if len(top.words) <= 80 else top.words[:77] + "..."
        parts.append(text["pull"].format(pull=top.label, words=words))
        parts.append(text["try"][top.key])
    else:
        keys = {e.key for e in analysis.moves}
        if not keys & {"simple_reflection", "complex_reflection"}:
            parts.append(text["try"]["closed_only"] if keys == {"closed_question"} else text["try"]["no_reflection"])
        else:
            parts.append(text["try"]["good"])
    if analysis.truncated:
        parts.append("Only the first part of a very long draft was read.")
    if analysis.unsure:
        parts.append(text["unsure"])
    return " ".join(parts)
