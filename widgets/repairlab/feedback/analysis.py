"""Read a drafted response next to the client statement it answers.

The engine is deliberately transparent: every move or pull it reports carries the exact words
that triggered it (``Evidence``), the score is a sum of published weights, and the message says
when the reading is thin. It is a practice aid, not a rater: it sees words, not tone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from repairlab.feedback.cues import Cue, CueSet, load_cues
from repairlab.feedback.message import compose
from repairlab.feedback.text import Sentence, content_words, overlap, sentences

MAX_CHARS = 5000  # longer drafts are read up to here; the message says so


@dataclass(frozen=True)
class Evidence:
    key: str
    kind: str  # "move" or "pull"
    label: str
    start: int
    end: int
    words: str

    def as_dict(self) -> dict:
        return {"key": self.key, "label": self.label, "start": self.start, "end": self.end, "words": self.words}


@dataclass(frozen=True)
class Analysis:
    client: str
    response: str
    moves: tuple[Evidence, ...]
    pulls: tuple[Evidence, ...]
    score: float
    behaviour: str  # reflection | question | therapist_input | other (for comparison with AnnoMI)
    unsure: bool
    truncated: bool
    message: str = field(default="")

    @property
    def move_keys(self) -> list[str]:
        return list(dict.fromkeys(e.key for e in self.moves))

    @property
    def pull_keys(self) -> list[str]:
        return list(dict.fromkeys(e.key for e in self.pulls))

    def as_dict(self) -> dict:
        return {
            "score": round(self.score, 3),
            "moves": self.move_keys,
            "pulls": self.pull_keys,
            "message": self.message,
            "evidence": [e.as_dict() for e in self.moves + self.pulls],
            "unsure": self.unsure,
        }


def _quote(sentence: Sentence, start: int, end: int, max_words: int = 12) -> tuple[int, int, str]:
    """The matched words, widened to a readable fragment but never beyond the sentence."""
    words = sentence.text[start:end].strip()
    if len(words.split()) < 3:
        tail = sentence.text[start:].split()
        words = " ".join(tail[:max_words])
        end = start + len(" ".join(tail[:max_words]))
    return sentence.start + start, sentence.start + end, words.strip(" ,;:")


def _find(cue: Cue, sentence: Sentence) -> Evidence | None:
    core = sentence.core
    shift = len(sentence.text) - len(core)
    for pattern in cue.patterns:
        match = pattern.search(core)
        if match:
            start, end, words = _quote(sentence, shift + match.start(), shift + match.end())
            return Evidence(cue.key, cue.kind, cue.label, start, end, words)
    return None


_YOU = re.compile(r"\byou(?:r|'re|'ve|'d|rself)?\b", re.IGNORECASE)
_NOT_ABOUT_THEM = re.compile(r"^(?:i|i'm|i've|i'd|we|we're|let's|let me|please|thank)\b", re.IGNORECASE)


def _you_statement(core: str) -> bool:
    """A declarative sentence about the client ("your mum matters a lot to you") reads as a reflection."""
    return len(core.split()) >= 5 and bool(_YOU.search(core)) and not _NOT_ABOUT_THEM.match(core)


def _reflection(cues: CueSet, sentence: Sentence, client: str) -> Evidence | None:
    if sentence.is_question:
        return None
    if not any(p.search(sentence.core) for p in cues.reflection_stems) and not _you_statement(sentence.core):
        return None
    complex_ = any(p.search(sentence.text) for p in cues.complex_markers) or (
        len(content_words(sentence.text)) >= cues.complex_min_content_words
        and overlap(sentence.text, client) < cues.simple_overlap_threshold
    )
    cue = cues.moves["complex_reflection" if complex_ else "simple_reflection"]
    start, end, words = _quote(sentence, 0, len(sentence.text))
    return Evidence(cue.key, "move", cue.label, start, end, words)


def analyse(client: str, response: str, cues: CueSet | None = None) -> Analysis:
    """Analyse ``response`` as an answer to ``client``. Never raises on any text."""
    cues = cues or load_cues()
    client = "" if client is None else str(client)
    response = "" if response is None else str(response)
    truncated = len(response) > MAX_CHARS
    read = response[:MAX_CHARS]
    client_read = client[:MAX_CHARS]

    moves: list[Evidence] = []
    pulls: list[Evidence] = []
    for sentence in sentences(read):
        found = _reflection(cues, sentence, client_read)
        if found:
            moves.append(found)
        for key, cue in cues.moves.items():
            if key == "closed_question":
                continue
            hit = _find(cue, sentence)
            if hit and not (key == "open_question" and not sentence.is_question and found):
                moves.append(hit)
        if sentence.is_question and not any(e.key == "open_question" and e.start >= sentence.start for e in moves):
            cue = cues.moves["closed_question"]
            start, end, words = _quote(sentence, 0, len(sentence.text))
            moves.append(Evidence(cue.key, "move", cue.label, start, end, words))
        for cue in cues.pulls.values():
            hit = _find(cue, sentence)
            if hit:
                pulls.append(hit)

    keys = {e.key for e in moves}
    if "open_question" in keys:
        moves = [e for e in moves if e.key != "closed_question"]
    question_count = sum(1 for s in sentences(read) if s.is_question)
    if question_count >= 3 and not any(e.key == "interrogate" for e in pulls):
        cue = cues.pulls["interrogate"]
        first = next(s for s in sentences(read) if s.is_question)
        pulls.append(Evidence(cue.key, "pull", cue.label, first.start, first.start + len(first.text),
                              f"{question_count} questions in a row"))

    facilitative = {e.key for e in moves} - {"closed_question", "give_rationale", "give_information"}
    if read.strip() and client_read.strip() and not facilitative and not any(e.key == "ignore_move_on" for e in pulls):
        if overlap(read, client_read) <= cues.ignore_overlap_threshold and question_count == 0:
            cue = cues.pulls["ignore_move_on"]
            first = sentences(read)[0] if sentences(read) else Sentence(read.strip(), 0)
            start, end, words = _quote(first, 0, len(first.text))
            pulls.append(Evidence(cue.key, "pull", cue.label, start, end, words))

    score = 0.5
    for key in dict.fromkeys(e.key for e in moves):
        score += cues.moves[key].weight
    for key in dict.fromkeys(e.key for e in pulls):
        score += cues.pulls[key].weight
    score = min(1.0, max(0.0, score))

    behaviour = _behaviour(moves, pulls, read)
    unsure = len(read.split()) < 4 or not (moves or pulls)
    analysis = Analysis(client, response, tuple(moves), tuple(pulls), score, behaviour, unsure, truncated)
    return Analysis(**{**analysis.__dict__, "message": compose(analysis, cues)})


def _behaviour(moves: list[Evidence], pulls: list[Evidence], text: str) -> str:
    keys = {e.key for e in moves} | {e.key for e in pulls}
    if len(text.split()) <= 2:
        return "other"
    if keys & {"open_question", "closed_question"} or text.rstrip().endswith("?"):
        return "question"
    if keys & {"give_information", "give_rationale", "lecture", "persuade_argue"}:
        return "therapist_input"
    if keys & {"simple_reflection", "complex_reflection"}:
        return "reflection"
    return "other"
