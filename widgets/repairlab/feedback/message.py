"""Compose the learner-facing message: what the response did, the pull, one thing to try.

Short, behavioural and kind, with the learner's own words quoted as evidence for every claim,
and a hedge when the reading is thin. It never states the estimate (``Analysis.score``) or any
other number as the quality of the reply. The message is plain text; widgets escape it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from repairlab.feedback.cues import CueSet

if TYPE_CHECKING:
    from repairlab.feedback.analysis import Analysis, Evidence

# Which pull the message leads with when there are several: the ones that mean the reply is not
# yet a reply come first, then the ones that turn against the client.
PULL_ORDER = ("unreadable", "repetition", "unfilled_template", "technique_labels", "stuffing", "sarcasm", "mixed_message", "blame_client", "parroting",
              "off_topic", "justify_defend", "persuade_argue", "ignore_move_on", "lecture",
              "premature_reassurance", "interrogate", "too_long")
# With these, the moves found are not a reply's moves, so they are not listed as such.
_MASKING = {"repetition", "stuffing", "parroting", "unfilled_template", "technique_labels"}
# These guards list what they found (the stock phrases, the blanks, the labels) in their note.
_LISTED = {"stuffing", "unfilled_template", "technique_labels"}
_QUOTE = 70


def _join(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " and " + labels[-1]


def _quote(words: str, limit: int = _QUOTE) -> str:
    """The words, shortened at a word boundary."""
    words = " ".join(words.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - 3]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "..."


def _order(pulls) -> list["Evidence"]:
    """One evidence per pull, the most telling first (a pull the model named leads, as the rules
    then found nothing but a rough sign of moving on)."""
    first: dict[str, Evidence] = {}
    for e in pulls:
        first.setdefault(e.key, e)
    return sorted(first.values(), key=lambda e: (e.note != "learned",
                                                  PULL_ORDER.index(e.key) if e.key in PULL_ORDER else 99))


# A second pull is mentioned when it adds something (not a rough sign of moving on after a guard).
_ALSO = {"blame_client", "sarcasm", "mixed_message", "justify_defend", "persuade_argue", "lecture",
         "premature_reassurance", "interrogate", "parroting", "off_topic", "ignore_move_on"}


def compose(analysis: "Analysis", cues: CueSet) -> str:
    text = cues.messages
    if not any(c.isalpha() for c in analysis.response):
        return text["empty"]
    pulls = _order(analysis.pulls)
    keys = {e.key for e in pulls}
    if "unreadable" in keys:
        return " ".join([text["unreadable"].format(words=_quote(pulls[0].words, 40)), text["try"]["unreadable"],
                         text["unsure"]])

    parts: list[str] = []
    shown: dict[str, Evidence] = {}
    for e in analysis.moves:
        shown.setdefault(e.label, e)
    if len(shown) > 1:
        shown = {label: e for label, e in shown.items() if e.key != "closed_question"}
    if keys & _MASKING and shown:
        parts.append(text["did_masked"])
    elif shown:
        listed = [f"{label} (\u201c{_quote(e.words, 40)}\u201d)" for label, e in list(shown.items())[:2]]
        parts.append(text["did"].format(moves=_join(listed)))
    else:
        parts.append(text["did_nothing"])

    if pulls:
        top = pulls[0]
        if top.key in _LISTED and top.note:
            parts.append(text["listed"].format(pull=top.label, phrases=top.note))
        else:
            template = text["learned"] if top.note == "learned" else text["pull"]
            parts.append(template.format(pull=top.label, words=_quote(top.words)))
        second = pulls[1] if len(pulls) > 1 else None
        if second and second.key in _ALSO and not (second.key == "ignore_move_on" and top.key in _MASKING | {"repetition"}):
            parts.append(text["also"].format(pull=second.label, words=_quote(second.words, 45)))
        parts.append(text["try"].get(top.key, text["try"]["no_reflection"]))
    else:
        move_keys = {e.key for e in analysis.moves}
        if not move_keys & {"simple_reflection", "complex_reflection"}:
            parts.append(text["try"]["closed_only"] if move_keys == {"closed_question"} else text["try"]["no_reflection"])
        elif "complex_reflection" not in move_keys and analysis.score < 0.5:
            parts.append(text["try"]["simple_only"])
        else:
            parts.append(text["try"]["good"])
    if analysis.truncated:
        parts.append(text["truncated"])
    if analysis.unsure:
        parts.append(text["unsure"])
    return " ".join(parts)
