"""Plain-text helpers: sentences, words, content words, and how much a response echoes the client.

Everything here is pure Python and shared by the run-time reader and the rebuild script
(``repairlab.feedback.train``), so a feature means the same thing in both places.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Short, common words that say little about content; used only to measure echoing.
_STOP = frozenset(
    "a an and are as at be been but by can could did do does doing don't for from had has have "
    "he her him his how i i'm if in into is it it's its just like me my no not of on or our so "
    "some that that's the their them then there they this to too up us very was we were what "
    "when where which who why will with would you you're your yeah yes okay ok um uh well really "
    "sort kind mean know think what's there's here's yours theirs ours mine hers one ones "
    "something anything everything nothing someone anyone perhaps maybe out off over into onto about "
    "get got gets getting".split()
)
STOPWORDS = _STOP
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\?", re.UNICODE)
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.UNICODE)
# Markup and control characters are blanked out (same length, so every offset still points at
# the learner's own text): a tag is not a word the client hears.
_MARKUP = re.compile(r"<[^<>]{0,300}>|&(?:[a-z]{2,8}|#\d{1,6});|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]",
                     re.IGNORECASE)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


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
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_question(self) -> bool:
        return self.text.rstrip().endswith("?")

    @property
    def core(self) -> str:
        """The sentence without leading discourse markers (for cues anchored at its start)."""
        match = _LEADING.match(self.text)
        return self.text[match.end():] if match else self.text


def mask_markup(text: str) -> str:
    """The text with tags, entities and control characters replaced by spaces (same length)."""
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text.translate(_APOSTROPHES))


def sentences(text: str) -> list[Sentence]:
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped:
            out.append(Sentence(stripped, match.start() + raw.find(stripped)))
    return out


@lru_cache(maxsize=1024)
def _words(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).lower() for m in _WORD.finditer(text.translate(_APOSTROPHES)))


def words(text: str) -> list[str]:
    """Lower-cased words (letters, with inner apostrophes); no numbers or punctuation."""
    return list(_words(text))


@lru_cache(maxsize=1024)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).lower() for m in _TOKEN.finditer(text.translate(_APOSTROPHES)))


def tokens(text: str) -> list[str]:
    """Lower-cased words plus '?' as a token of its own (for the learned features)."""
    return list(_tokens(text))


def content_words(text: str) -> list[str]:
    return [w for w in _words(text) if w not in _STOP and len(w) > 2]


@lru_cache(maxsize=1024)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in content_words(text))


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", ""))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stemmer (two passes of common suffixes), so "recordings" and "recording" meet."""
    word = word.lower()
    if word.endswith("'s"):
        word = word[:-2]
    for _ in range(2):
        for suffix, replacement in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)] + replacement
                if suffix in ("ing", "ed") and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":
                    word = word[:-1]  # running -> run, stopped -> stop
                break
        else:
            break
    return word


def overlap(response: str, client: str) -> float:
    """Share of the response's content words that also appear (stemmed) in the client's words."""
    found = content_words(response)
    if not found:
        return 0.0
    client_stems = content_stems(client)
    return sum(1 for w in found if stem(w) in client_stems) / len(found)


def coverage(response: str, client: str) -> float:
    """Share of the client's distinct content words (stemmed) that the response takes up."""
    client_stems = content_stems(client)
    if not client_stems:
        return 0.0
    return len(client_stems & content_stems(response)) / len(client_stems)


# First and second person collapse into one token each, so "I tried" and "you tried" match
# when asking whether the response hands the client's own sentence back.
_PERSON = {
    "i": "<p>", "you": "<p>", "me": "<p>", "u": "<p>", "ya": "<p>",
    "my": "<p's>", "your": "<p's>", "mine": "<p's>", "yours": "<p's>",
    "myself": "<p-self>", "yourself": "<p-self>",
    "i'm": "<p-be>", "you're": "<p-be>", "am": "<be>", "are": "<be>",
    "i've": "<p-have>", "you've": "<p-have>", "i'd": "<p-would>", "you'd": "<p-would>",
    "i'll": "<p-will>", "you'll": "<p-will>", "was": "<be-past>", "were": "<be-past>",
}


def person_neutral(tokens_: list[str]) -> list[str]:
    return [_PERSON.get(t, t) for t in tokens_]


def letters_share_non_latin(text: str) -> float:
    """Share of the letters that are not Latin script (Cyrillic, Han, Arabic, ...)."""
    if text.isascii():
        return 0.0
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    other = sum(1 for c in letters if not unicodedata.name(c, "LATIN").startswith("LATIN"))
    return other / len(letters)
