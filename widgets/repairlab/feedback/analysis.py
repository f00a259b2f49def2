"""Read a drafted response next to the client statement it answers.

Three parts, each with its own job:

- **Rules** (``cues.yaml``) find the moves and pulls a reader can point at, and every claim
  carries the exact words behind it (``Evidence``).
- **Guards** (``guards.py``) find the ways of collecting a good reading without answering the
  client: stacked stock phrases, a template's blanks or technique labels left in, an
  empathy-then-blame message, blame or sarcasm in the grammar
  of a reflection, the client's words handed back, a reply about something else, one word
  repeated, a wall of text, a language the engine cannot read. Each is named as a pull, with its
  words, and caps the estimate.
- **A learned model** (``model.py``; rebuilt by ``train.py``) reads the pair: it tells a
  reflection from a question or other talk, and a complex reflection from a simple one (trained
  on AnnoMI's coded therapist utterances), and estimates how far the reply reads like the bank's
  exemplary rather than its poor replies to the same statement, from the reply's words, how they
  relate to the client's words, and what the rules and guards found.

``score`` is that estimate (0 to 1), after the guards' caps. It is for ordering drafts and for
batch use by instructors; the learner is shown the message, which describes what the reply did
and never presents the number as the quality of the reply. The engine reads words, not tone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from repairlab.feedback import guards
from repairlab.feedback.cues import Cue, CueSet, load_cues
from repairlab.feedback.features import quality_features, utterance_features
from repairlab.feedback.message import compose
from repairlab.feedback.model import Model, load_model
from repairlab.feedback.text import STOPWORDS, Sentence, mask_markup, overlap, sentences, words

MAX_CHARS = 5000  # longer drafts are read up to here; the message says so
_MAX_REFLECTION_SENTENCES = 20  # reflections are looked for in the first 20 sentences
_MAX_CUE_SENTENCES = 60  # moves and pulls in the first 60 (the guards read the whole text)
# A sentence holding one of these pulls is not read as a reflection, whatever its grammar.
_NOT_A_REFLECTION = {"blame_client", "sarcasm", "persuade_argue", "lecture", "justify_defend", "mixed_message"}
_FACILITATIVE_OFF = {"closed_question", "give_rationale", "give_information"}


@dataclass(frozen=True)
class Evidence:
    key: str
    kind: str  # "move" or "pull"
    label: str
    start: int
    end: int
    words: str
    note: str = ""  # what the guard counted, for the message (e.g. the stock phrases found)

    def as_dict(self) -> dict:
        out = {"key": self.key, "label": self.label, "start": self.start, "end": self.end, "words": self.words}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Analysis:
    client: str
    response: str
    moves: tuple[Evidence, ...]
    pulls: tuple[Evidence, ...]
    score: float  # the model's estimate after the guards' caps; not shown to learners
    behaviour: str  # reflection | question | therapist_input | other (for comparison with AnnoMI)
    unsure: bool
    truncated: bool
    message: str = field(default="")
    behaviour_probabilities: dict = field(default_factory=dict, compare=False)
    model_version: str = ""

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


@dataclass
class Reading:
    """Everything found in one reply before it is scored (the rebuild script reads this too)."""

    client: str
    text: str  # the reply as read: markup blanked, cut at MAX_CHARS
    moves: list[Evidence]
    pulls: list[Evidence]
    behaviour: dict[str, float]
    complexity: float  # P(complex) for the reply's reflection, 0 when there is none
    truncated: bool
    empty: bool = False

    def flags(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for e in self.moves:
            out["m:" + e.key] = 1.0
        for e in self.pulls:
            out["p:" + e.key] = 1.0
        for label, p in self.behaviour.items():
            out["b:" + label] = p
        out["b:complex"] = self.complexity
        return out


def _quote(sentence: Sentence, start: int, end: int, max_words: int = 12) -> tuple[int, int, str]:
    """The matched words, widened to a readable fragment but never beyond the sentence."""
    words_ = sentence.text[start:end].strip()
    if len(words_.split()) < 3:
        tail = sentence.text[start:].split()
        words_ = " ".join(tail[:max_words])
        end = start + len(" ".join(tail[:max_words]))
    return sentence.start + start, sentence.start + end, words_.strip(" ,;:")


_MAX_SENTENCE_CHARS = 600  # a longer "sentence" is searched for cues in its first 600 characters


def _find(cue: Cue, sentence: Sentence) -> Evidence | None:
    core = sentence.text if cue.whole_sentence else sentence.core
    shift = len(sentence.text) - len(core)
    core = core[:_MAX_SENTENCE_CHARS]
    for pattern in cue.patterns:
        match = pattern.search(core)
        if match:
            start, end, words_ = _quote(sentence, shift + match.start(), shift + match.end())
            return Evidence(cue.key, cue.kind, cue.label, start, end, words_)
    return None


def _sentence_hits(cues: CueSet, sentence: Sentence) -> tuple[dict[str, Evidence], dict[str, float]]:
    """Every patterned cue found in one sentence (first hit per cue), and the sentence's flags."""
    hits: dict[str, Evidence] = {}
    for cue in list(cues.moves.values()) + list(cues.pulls.values()):
        if cue.patterns:
            hit = _find(cue, sentence)
            if hit:
                hits[cue.key] = hit
    flags = {key: 1.0 for key in hits}
    if any(p.search(sentence.core) for p in cues.reflection_stems):
        flags["stem"] = 1.0
    if any(p.search(sentence.text) for p in cues.complex_markers):
        flags["marker"] = 1.0
    return hits, flags


def rule_flags(cues: CueSet, found: list[Sentence]) -> dict[str, float]:
    """Which rule cues fire anywhere in ``found`` (a feature set for the behaviour heads)."""
    flags: dict[str, float] = {}
    for sentence in found:
        flags.update(_sentence_hits(cues, sentence)[1])
    return flags


def behaviour_of(client: str, text: str, cues: CueSet, model: Model,
                 flags: dict[str, float] | None = None) -> tuple[dict[str, float], float]:
    """The behaviour head's probabilities for ``text`` and the complexity head's P(complex)."""
    feats = utterance_features(client, text, rule_flags(cues, sentences(text)) if flags is None else flags)
    return model.behaviour.probabilities(feats), model.complexity.probability(feats)


def _guard(cues: CueSet, response: str, found: guards.Found) -> Evidence:
    cue = cues.pulls[found.key]
    return Evidence(found.key, "pull", cue.label, found.start, found.end, response[found.start:found.end], found.note)


def read(client: str, response: str, cues: CueSet, model: Model, context: str = "") -> Reading:
    client = "" if client is None else str(client)
    response = "" if response is None else str(response)
    truncated = len(response) > MAX_CHARS
    text = mask_markup(response[:MAX_CHARS])
    client_read = mask_markup(client[:MAX_CHARS])
    empty_behaviour = {c: (1.0 if c == "other" else 0.0) for c in model.behaviour.classes}
    if not words(text):
        return Reading(client_read, text, [], [], empty_behaviour, 0.0, truncated, empty=True)
    found_unreadable = guards.unreadable(text, model.lexicon, cues)
    if found_unreadable:
        return Reading(client_read, text, [], [_guard(cues, response, found_unreadable)], empty_behaviour, 0.0, truncated)

    found = sentences(text)
    moves: list[Evidence] = []
    pulls: list[Evidence] = []
    all_flags: dict[str, float] = {}
    for index, sentence in enumerate(found[:_MAX_CUE_SENTENCES]):
        hits, flags = _sentence_hits(cues, sentence)
        all_flags.update(flags)
        sentence_pulls = [hit for key, hit in hits.items() if key in cues.pulls]
        pulls.extend(sentence_pulls)
        reflection_here = False
        if (not sentence.is_question and len(words(sentence.text)) >= 3
                and not {p.key for p in sentence_pulls} & _NOT_A_REFLECTION
                and index < _MAX_REFLECTION_SENTENCES):
            probs, p_complex = behaviour_of(client_read, sentence.text, cues, model, flags)
            if probs.get("reflection", 0.0) >= max(0.35, max(probs.values()) - 1e-9) or (
                    probs.get("reflection", 0.0) >= 0.35 and flags.get("stem")):
                key = "complex_reflection" if p_complex >= 0.5 else "simple_reflection"
                cue = cues.moves[key]
                start, end, quoted = _quote(sentence, 0, len(sentence.text))
                moves.append(Evidence(key, "move", cue.label, start, end, quoted, f"{p_complex:.2f}"))
                reflection_here = True
        for key, hit in hits.items():
            if key in cues.moves and key != "closed_question" and not (
                    key == "open_question" and not sentence.is_question and reflection_here):
                moves.append(hit)
        if sentence.is_question and not any(e.key == "open_question" and e.start >= sentence.start for e in moves):
            cue = cues.moves["closed_question"]
            start, end, quoted = _quote(sentence, 0, len(sentence.text))
            moves.append(Evidence(cue.key, "move", cue.label, start, end, quoted))

    if any(e.key == "open_question" for e in moves):
        moves = [e for e in moves if e.key != "closed_question"]
    questions = [s for s in found if s.is_question]
    if len(questions) >= 3 and not any(e.key == "interrogate" for e in pulls):
        cue = cues.pulls["interrogate"]
        first = questions[0]
        pulls.append(Evidence(cue.key, "pull", cue.label, first.start, first.end, response[first.start:first.end],
                              f"{len(questions)} questions in a row"))

    # The guards.
    scaffold = [f for f in (guards.unfilled_template(response[:MAX_CHARS], cues), guards.technique_labels(text, cues)) if f]
    for f in scaffold:
        pulls.append(_guard(cues, response, f))
    repeated = guards.repetition(text, found, cues)
    if repeated:
        pulls.append(_guard(cues, response, repeated))
        moves = [e for e in moves if not e.key.endswith("_reflection")]
    long_ = guards.too_long(text, found, cues, truncated)
    if long_:
        pulls.append(_guard(cues, response, long_))
    parrot = guards.parroting(text, client_read, cues)
    if parrot:
        pulls.append(_guard(cues, response, parrot))
        simple = cues.moves["simple_reflection"]
        moves = [Evidence("simple_reflection", "move", simple.label, e.start, e.end, e.words) if e.key == "complex_reflection"
                 else e for e in moves]
    stuffed = guards.stuffing(text, client_read, found[:_MAX_CUE_SENTENCES], cues, model.generic)
    if stuffed:
        pulls.append(_guard(cues, response, stuffed))
    mixed = guards.mixed_message(text, found[:_MAX_CUE_SENTENCES], pulls, cues)
    if mixed:
        pulls.append(_guard(cues, response, mixed))
        moves = [e for e in moves if not (e.key.endswith("_reflection") and e.start >= mixed.start)]
    if not (repeated or parrot):
        around = mask_markup(str(context or "")[:MAX_CHARS])
        elsewhere = guards.off_topic(text, f"{client_read} {around}", moves, cues, model.generic, found)
        if elsewhere:
            pulls.append(_guard(cues, response, elsewhere))

    facilitative = {e.key for e in moves} - _FACILITATIVE_OFF
    if client_read.strip() and not facilitative and not any(e.key in ("ignore_move_on", "off_topic") for e in pulls):
        if overlap(text, client_read) <= cues.ignore_overlap_threshold and not questions:
            cue = cues.pulls["ignore_move_on"]
            first = found[0] if found else Sentence(text.strip(), 0)
            start, end, quoted = _quote(first, 0, len(first.text))
            pulls.append(Evidence(cue.key, "pull", cue.label, start, end, quoted))

    behaviour, _ = behaviour_of(client_read, text, cues, model, all_flags)
    if repeated:
        behaviour = {c: (1.0 if c == "other" else 0.0) for c in model.behaviour.classes}
    complexity = max((float(e.note) for e in moves if e.key.endswith("_reflection") and e.note), default=0.0)
    moves = [_faithful(Evidence(e.key, e.kind, e.label, e.start, e.end, e.words) if e.key.endswith("_reflection") else e,
                       response) for e in moves]
    pulls = [_faithful(e, response) for e in pulls]
    return Reading(client_read, text, moves, pulls, behaviour, complexity, truncated)


def _faithful(e: Evidence, response: str) -> Evidence:
    """The evidence's words exactly as the learner wrote them (markup included: the widgets escape
    it), its span trimmed of edge spaces and commas, so ``response[start:end] == words``."""
    start, end = e.start, min(e.end, len(response))
    while start < end and response[start] in " ,;:\t\n\r":
        start += 1
    while end > start and response[end - 1] in " ,;:\t\n\r":
        end -= 1
    if start == end:
        return e
    return Evidence(e.key, e.kind, e.label, start, end, response[start:end], e.note)


def estimate(reading: Reading, cues: CueSet, model: Model, features: dict[str, float] | None = None) -> float:
    """The quality head's estimate for the pair, then each guard's factor and cap."""
    if reading.empty:
        return 0.0
    if model.quality is None:
        score = 0.5
    else:
        features = features if features is not None else quality_features(reading.client, reading.text, reading.flags())
        score = model.quality.probability(features)
    for key in dict.fromkeys(e.key for e in reading.pulls):
        cue = cues.pulls.get(key)
        if cue is not None and cue.factor is not None:
            score *= cue.factor
    for key in dict.fromkeys(e.key for e in reading.pulls):
        cue = cues.pulls.get(key)
        if cue is not None and cue.cap is not None:
            score = min(score, cue.cap)
    return min(1.0, max(0.0, score))


_ROUGH = {"ignore_move_on"}  # found by a rough overlap rule rather than by the reply's words
_LEARNED_MIN = 0.25


def _span_of(text: str, gram: str) -> tuple[int, int] | None:
    parts = gram.split(" ")
    if any(p == "?" for p in parts):
        return None
    pattern = r"(?<![^\W\d_])" + r"[\W_]+".join(re.escape(p) for p in parts) + r"(?![^\W\d_])"
    match = re.search(pattern, text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def learned_pull(reading: Reading, features: dict[str, float], score: float, cues: CueSet, model: Model,
                 response: str) -> Evidence | None:
    """When the estimate is low and the rules point at no pull, the pull whose poor replies in the
    bank the wording is closest to, with the words that weigh most toward it."""
    if model.pull is None or reading.empty or score >= 0.5:
        return None
    if any(e.key not in _ROUGH for e in reading.pulls):
        return None
    probs = model.pull.probabilities(features)
    ranked = sorted(((p, k) for k, p in probs.items() if k != "none" and k in cues.pulls), reverse=True)
    if not ranked or ranked[0][0] < _LEARNED_MIN:
        return None
    key = ranked[0][1]
    grams = []
    for name, push in model.pull.contributions(features, key):
        if push <= 0 or len(grams) >= 3:
            break
        gram = name[2:]
        if name.startswith("r:") and not all(w in STOPWORDS or w == "?" for w in gram.split(" ")):
            grams.append(gram)
    # The most telling phrase: a two-word one among the three that weigh most, else the top word.
    for gram in sorted(grams, key=lambda g: (" " not in g, grams.index(g))):
        span = _span_of(reading.text, gram)
        if span:
            cue = cues.pulls[key]
            return Evidence(key, "pull", cue.label, span[0], span[1], response[span[0]:span[1]], "learned")
    return None


def analyse(client: str, response: str, cues: CueSet | None = None, model: Model | None = None,
            context: str = "") -> Analysis:
    """Analyse ``response`` as an answer to ``client``. Never raises on any text.

    ``context``, if given, is what else the reader knows of the session (a vignette's setting and
    moment, say): the off-topic guard counts its words as ones the reply may refer to. It does
    not change the learned estimate."""
    cues = cues or load_cues()
    model = model or load_model()
    client = "" if client is None else str(client)
    response = "" if response is None else str(response)
    reading = read(client, response, cues, model, context)
    features = {} if reading.empty else quality_features(reading.client, reading.text, reading.flags())
    score = estimate(reading, cues, model, features)
    learned = learned_pull(reading, features, score, cues, model, response)
    if learned:
        reading.pulls.insert(0, learned)
    label = max(reading.behaviour, key=lambda c: (reading.behaviour[c], c == "other"))
    if len(words(reading.text)) <= 1 and label == "reflection":
        label = "other"
    n_words = len(words(reading.text))
    unreadable = any(e.key == "unreadable" for e in reading.pulls)
    unsure = n_words < 4 or not (reading.moves or reading.pulls) or unreadable
    analysis = Analysis(client, response, tuple(reading.moves), tuple(reading.pulls), score, label, unsure,
                        reading.truncated, behaviour_probabilities=dict(reading.behaviour), model_version=model.version)
    return Analysis(**{**analysis.__dict__, "message": compose(analysis, cues)})
