"""Plain-text helpers: sentences, content words, and how much a response echoes the client."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short, common words that say little about content; used only to measure echoing.
_STOP = frozenset(
    "a an and are as at be been but by can could did do does doing don't for from had has have "
    "he her him his how i i'm if in into is it it's its just like me my no not of on or our so "
    "some that that's the their them then there they this to too up us very was we were what "
    "when where which who why will with would you you're your yeah yes okay ok um uh well really "
    "sort kind mean know think".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.UNICODE)


# Discourse markers and a vocative name at the start of a sentence ("Okay, so, Maria, you...")
# say nothing about what the sentence does; anchored cues look past them.
_LEADING = re.compile(
    r"^(?:(?:okay|ok|so|and|but|well|yeah|yes|right|alright|all right|mm-hmm|mm|hmm|um|uh|cool|wow|"
    r"absolutely|now|oh|great|sure|no|i see)\b[,.!]?\s*|-+\s*|[A-Z][a-z]+,\s+(?=[a-z]))+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset in the whole response

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().endswith("?")

    @property
    def core(self) -> str:
        """The sentence without leading discourse markers (for cues anchored at its start)."""
        match = _LEADING.match(self.text)
        return self.text[match.end():] if match else self.text


def sentences(text: str) -> list[Sentence]:
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped:
            out.append(Sentence(stripped, match.start() + raw.find(stripped)))
    return out


def content_words(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP and len(w) > 2]


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def overlap(response: str, client: str) -> float:
    """Share of the response's content words that also appear (stemmed) in the client's words."""
    words = content_words(response)
    if not words:
        return 0.0
    client_stems = {stem(w) for w in content_words(client)}
    return sum(1 for w in words if stem(w) in client_stems) / len(words)
