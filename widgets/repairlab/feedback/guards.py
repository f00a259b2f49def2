"""Guards: the ways a reply can collect a good reading without answering the client.

Each guard looks for one of them in the words, and when it finds it returns the words that
show it. The reader (``analysis.py``) names it as a pull and keeps the estimate at or below the
guard's cap (``cues.yaml``), so listing stock phrases, taking an empathic opening back, blaming
in the grammar of a reflection, handing the client's words back, replying about something else,
repeating one word, or writing a wall of text cannot read as a good reply.

Every guard is a plain function of the text; none raises on any input.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from repairlab.feedback.cues import CueSet
from repairlab.feedback.text import (
    STOPWORDS,
    Sentence,
    content_words,
    coverage,
    letters_share_non_latin,
    overlap,
    person_neutral,
    sentences,
    stem,
    tokens,
    words,
)

# The moves a stock phrase can stand in for (a reflection stem counts as one too).
STOCK_MOVES = ("validation", "seek_collaboration", "acknowledge_own_part", "metacommunication",
               "emphasize_autonomy", "ask_permission", "self_disclosure", "open_question")
# Pulls that, after an empathic opening and a "but", make the message a mixed one.
TAKE_BACK = ("blame_client", "persuade_argue", "lecture", "justify_defend", "ignore_move_on",
             "interrogate", "sarcasm")
_YOU_GENERAL = re.compile(
    r"\byou(?:'re| are)? (?:tend to|only|just|haven'?t|didn'?t|never|always|keep|still|clearly|obviously|won'?t|refuse)\b",
    re.IGNORECASE)
# After the "but": a verdict on the client or their ways, said with certainty ("your father's way
# clearly hasn't worked for you") or argued from their own state ("or you wouldn't be lying awake").
_VERDICT = re.compile(
    r"\byour\b(?:\s+[\w']+){0,4}?\s+(?:clearly|obviously|evidently|plainly)\b"
    r"|\b(?:clearly|obviously|evidently|plainly)\b[^.?!]{0,40}?\byou(?:r|'re|'ve)?\b"
    r"|\b(?:or (?:else )?|otherwise )you(?:'d| would| wouldn'?t| would not| won'?t| will not)\b",
    re.IGNORECASE)
_DOUBLE_SIDED = re.compile(r"^\W*(?:part of you|at the same time|on the other hand|another part|some part)\b", re.IGNORECASE)
_SEGMENT = re.compile(r"[^,;:\u2014\u2013]+")


def _general(word: str, generic: frozenset[str], cues: CueSet) -> bool:
    """A word that says little about any one client: used in replies to many statements, or a feeling."""
    s = stem(word)
    return s in generic or s in cues.feelings


@dataclass(frozen=True)
class Found:
    key: str
    start: int
    end: int
    note: str = ""  # extra words for the message (e.g. the stock phrases found)


def _span_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim a span to its words."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- unreadable ----------------------------------------------------------------------------

def unreadable(text: str, lexicon: frozenset[str], cues: CueSet) -> Found | None:
    """Words the engine cannot read: another script, or mostly words it does not know."""
    g = cues.guard
    found = words(text)
    if not found:
        return None
    if letters_share_non_latin(text) > float(g["non_latin_share"]):
        start, end = _span_words(text, 0, min(len(text), 60))
        return Found("unreadable", start, end, "not written in the Latin alphabet")
    if len(found) < 3:
        return None
    known = sum(1 for w in found if w in lexicon or w in STOPWORDS or w.split("'")[0] in lexicon)
    if known / len(found) < float(g["english_share"]):
        unknown = [w for w in found if not (w in lexicon or w in STOPWORDS or w.split("'")[0] in lexicon)]
        first = re.search(re.escape(unknown[0]), text, re.IGNORECASE) if unknown else None
        start = first.start() if first else 0
        start, end = _span_words(text, start, min(len(text), start + 60))
        return Found("unreadable", start, end, ", ".join(dict.fromkeys(unknown[:4])))
    return None


# --- repetition ----------------------------------------------------------------------------

def repetition(text: str, found_sentences: list[Sentence], cues: CueSet) -> Found | None:
    g = cues.guard
    ws = words(text)
    if len(ws) >= 6:
        word, count = Counter(ws).most_common(1)[0]
        distinct = len(set(ws)) / len(ws)
        if count / len(ws) > float(g["repetition_share"]) or (len(ws) >= 8 and distinct < float(g["repetition_distinct"])):
            match = re.search(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text, re.IGNORECASE)
            start = match.start() if match else 0
            return Found("repetition", *_span_words(text, start, min(len(text), start + 40)),
                         f"\u201c{word}\u201d {count} times")
    normal = Counter(" ".join(words(s.text)) for s in found_sentences if words(s.text))
    if normal:
        sentence, count = normal.most_common(1)[0]
        if count >= int(g["repetition_sentences"]):
            first = next(s for s in found_sentences if " ".join(words(s.text)) == sentence)
            return Found("repetition", first.start, first.end, f"the same sentence {count} times")
    return None


# --- too long ------------------------------------------------------------------------------

def too_long(text: str, found_sentences: list[Sentence], cues: CueSet, truncated: bool) -> Found | None:
    limit = int(cues.guard["long_words"])
    count = 0
    for sentence in found_sentences:
        count += len(sentence.text.split())
        if count > limit:
            total = len(text.split())
            note = f"more than {total} words" if truncated else f"{total} words"
            return Found("too_long", sentence.start, sentence.end, note)
    return None


# --- parroting -----------------------------------------------------------------------------

def parroting(text: str, client: str, cues: CueSet) -> Found | None:
    """The reply is mostly runs of the client's own words (first and second person alike)."""
    g = cues.guard
    n = int(g["parrot_ngram"])
    mine = [t for t in tokens(text) if t != "?"]
    theirs = [t for t in tokens(client) if t != "?"]
    if len(mine) < 6 or len(theirs) < n:
        return None
    a, b = person_neutral(mine), person_neutral(theirs)
    grams = {tuple(b[i:i + n]) for i in range(len(b) - n + 1)}
    copied = [False] * len(a)
    for i in range(len(a) - n + 1):
        if tuple(a[i:i + n]) in grams:
            for j in range(i, i + n):
                copied[j] = True
    share = sum(copied) / len(a)
    if share < float(g["parrot_share"]):
        # Or the client's content words handed back with the person turned round and little else.
        mine_c, theirs_c = content_words(text), content_words(client)
        if len(mine_c) < 4 or len({stem(w) for w in theirs_c}) < 4:
            return None
        if overlap(text, client) < float(g["parrot_echo"]) or coverage(text, client) < float(g["parrot_cover"]):
            return None
        for i in range(len(a)):
            copied[i] = stem(mine[i]) in {stem(w) for w in theirs_c}
    # Quote the longest copied run.
    best, run_start, best_range = 0, None, (0, 0)
    for i, c in enumerate(copied + [False]):
        if c and run_start is None:
            run_start = i
        elif not c and run_start is not None:
            if i - run_start > best:
                best, best_range = i - run_start, (run_start, i)
            run_start = None
    quote = " ".join(mine[best_range[0]:best_range[1]][:10])
    spans = [m for m in re.finditer(r"[^\W\d_]+(?:'[^\W\d_]+)*", text)]
    start = spans[best_range[0]].start() if best_range[0] < len(spans) else 0
    end = spans[min(best_range[1], len(spans)) - 1].end() if spans else len(text)
    return Found("parroting", start, end, quote)


# --- stuffing ------------------------------------------------------------------------------

def _stock_hits(cues: CueSet, found_sentences: list[Sentence]) -> list[tuple[str, int, int]]:
    hits = []
    for sentence in found_sentences:
        for key in STOCK_MOVES:
            for pattern in cues.moves[key].patterns:
                for m in pattern.finditer(sentence.text):
                    hits.append((key, sentence.start + m.start(), sentence.start + m.end()))
        for pattern in cues.reflection_stems:
            for m in pattern.finditer(sentence.core):
                shift = len(sentence.text) - len(sentence.core)
                hits.append(("reflection", sentence.start + shift + m.start(), sentence.start + shift + m.end()))
        for m in cues.empathic.finditer(sentence.text):
            hits.append(("empathic", sentence.start + m.start(), sentence.start + m.end()))
    return sorted(set(hits), key=lambda h: (h[1], h[2], h[0]))


def stuffing(text: str, client: str, found_sentences: list[Sentence], cues: CueSet,
             generic: frozenset[str]) -> Found | None:
    """Many stock phrases, each with little of the client's content around it.

    The reply is cut into segments (sentences, split again at commas and dashes). A segment is
    *stock* when it holds a stock phrase and, outside the phrase, at most one specific word and
    none of the client's; a segment is *substantive* when it takes up the client's words or
    carries two or more specific words of its own."""
    hits = _stock_hits(cues, found_sentences)
    keys = {h[0] for h in hits}
    if len(keys) < int(cues.guard["stuffing_keys"]):
        return None
    client_stems = {stem(w) for w in content_words(client)}
    stock = substantive = 0
    segments = [(sentence.start + m.start(), sentence.start + m.end())
                for sentence in found_sentences for m in _SEGMENT.finditer(sentence.text)]
    for s, e in segments:
        seg_hits = [h for h in hits if h[1] < e and h[2] > s]
        masked = list(text[s:e])
        for _, hs, he in seg_hits:
            for i in range(max(hs, s), min(he, e)):
                masked[i - s] = " "
        outside = content_words("".join(masked))
        linked = [w for w in content_words(text[s:e]) if stem(w) in client_stems]
        specific = [w for w in outside if not _general(w, generic, cues) and stem(w) not in client_stems]
        if linked or len(specific) >= 2:
            substantive += 1
        elif seg_hits:
            stock += 1
    if stock >= 4 and substantive <= 1 or stock >= 3 and substantive == 0:
        phrases = list({text[h[1]:h[2]].strip().lower(): text[h[1]:h[2]].strip() for h in reversed(hits)}.values())[::-1]
        start, end = hits[0][1], hits[min(2, len(hits) - 1)][2]
        return Found("stuffing", *_span_words(text, start, end), ", ".join(f"\u201c{p}\u201d" for p in phrases[:4]))
    return None


# --- mixed message -------------------------------------------------------------------------

def mixed_message(text: str, found_sentences: list[Sentence], pulls: list, cues: CueSet) -> Found | None:
    """An empathic opening, then "but" (or however, still, though...), then a pull."""
    opening = cues.empathic.search(text)
    starts = [opening.start()] if opening else []
    for key in ("validation",):
        for pattern in cues.moves[key].patterns:
            m = pattern.search(text)
            if m:
                starts.append(m.start())
    for sentence in found_sentences:
        if any(p.search(sentence.core) for p in cues.reflection_stems):
            starts.append(sentence.start)
    if not starts:
        return None
    first = min(starts)
    for contrast in cues.contrast.finditer(text):
        if contrast.start() <= first:
            continue
        after = text[contrast.end():]
        if _DOUBLE_SIDED.match(after):
            continue
        sentence_end = next((s.end for s in found_sentences if s.start <= contrast.start() < s.end), len(text))
        following = next((s.end for s in found_sentences if s.start >= sentence_end), sentence_end)
        reach = following if contrast.end() >= sentence_end - 2 else sentence_end
        taken_back = any(p.key in TAKE_BACK and contrast.start() <= p.start < reach for p in pulls)
        general = _YOU_GENERAL.search(text, contrast.end(), reach) or _VERDICT.search(text, contrast.end(), reach)
        if taken_back or general:
            return Found("mixed_message", *_span_words(text, contrast.start(), reach))
    return None


# --- off topic -----------------------------------------------------------------------------

# People and a past the client may not have brought: a reply that says something about them
# when the client spoke of no one is about something else.
_PEOPLE = re.compile(
    r"\b(?:mother|mom|mum|mommy|mummy|father|dad|daddy|parents?|step(?:mother|father|mum|mom|dad)|"
    r"sisters?|brothers?|siblings?|sons?|daughters?|child|children|kids?|wife|husband|partner|spouse|"
    r"boyfriend|girlfriend|ex|family|families|grand(?:mother|father|ma|pa|parents?)|aunt|uncle|cousins?|"
    r"childhood|upbringing|growing up)\b",
    re.IGNORECASE)
# Someone the client speaks of: a third person, a relation, or a name in the middle of a sentence.
_SOMEONE = re.compile(r"\b(?:she|her|hers|herself|he|him|his|himself|they|them|their|people|everyone|somebody|someone)\b",
                      re.IGNORECASE)
_NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+")


def _someone_in(client: str) -> bool:
    return bool(_SOMEONE.search(client) or _PEOPLE.search(client) or _NAME.search(client))


def off_topic(text: str, client: str, moves: list, cues: CueSet, generic: frozenset[str],
              found_sentences: list[Sentence] | None = None) -> Found | None:
    """Specific words the client never used, and none of theirs; or, when the client spoke of no
    one, a statement about their family or past with none of the words that say something
    about them (a word used in replies to many statements, such as "feel", links a reply to any
    client)."""
    if not content_words(client):
        return None
    move_keys = {e.key for e in moves}
    client_stems = {stem(w) for w in content_words(client)}
    mine = content_words(text)
    if any(stem(w) in client_stems and not _general(w, generic, cues) for w in mine):
        return None
    if not _someone_in(client):
        for sentence in (found_sentences if found_sentences is not None else sentences(text)):
            if sentence.is_question or cues.process.search(sentence.text) or any(
                    e.key in ("metacommunication", "acknowledge_own_part") and sentence.start <= e.start < sentence.end
                    for e in moves):
                continue  # a question may explore; talk about the two of you may name anyone
            named = list(dict.fromkeys(m.group(0).lower() for m in _PEOPLE.finditer(sentence.text)))
            if named:
                first = _PEOPLE.search(sentence.text)
                # Quote the clause the first of them is in (up to the commas around it).
                seg = next(m for m in _SEGMENT.finditer(sentence.text) if m.start() <= first.start() < m.end())
                return Found("off_topic", *_span_words(text, sentence.start + seg.start(), sentence.start + seg.end()),
                             ", ".join(named[:4]))
    if cues.process.search(text) or move_keys & {"metacommunication", "acknowledge_own_part"}:
        return None
    if any(stem(w) in client_stems for w in mine):
        return None
    new = [w for w in dict.fromkeys(mine) if not _general(w, generic, cues)]
    if len(new) < int(cues.guard["off_topic_new_words"]):
        return None
    first = re.search(rf"(?<![^\W\d_]){re.escape(new[0])}(?![^\W\d_])", text, re.IGNORECASE)
    start = first.start() if first else 0
    end = start
    for w in new[:4]:
        m = re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", text, re.IGNORECASE)
        if m:
            end = max(end, m.end())
    return Found("off_topic", *_span_words(text, start, end), ", ".join(new[:4]))



# --- a template's scaffolding ---------------------------------------------------------------

# Blanks a template leaves for the writer: [EMOTION], [CLIENT NAME], {feeling}, {{name}},
# <CLIENT_NAME>, [insert feeling], or a run of underscores.
_SLOT = re.compile(
    r"\[\s*[A-Z][A-Z'/_\- ]+[A-Z]\s*\]"
    r"|\{\{?\s*[A-Za-z_][\w .'\-]{0,40}\}\}?"
    r"|<\s*[A-Z][A-Z0-9]*(?:[ _][A-Z0-9]+)+\s*>"
    r"|(?i:[\[(<]\s*(?:insert|client'?s|name of|their (?:name|feeling|emotion))\b[^\])>\n]{0,40}[\])>])"
    r"|_{3,}")
# Names of techniques, as a course or a worksheet spells them.
_TECHNIQUES = (
    r"(?:simple |complex |double[- ]sided |amplified |empathic )?reflection|reflective listening|"
    r"validation|validating|validate|(?:open|closed|open[- ]ended|clarifying|follow[- ]up) question|"
    r"empathy|empathic (?:statement|response)|summary|summari[sz]ing|affirmation|affirming|"
    r"(?:seek(?:ing)? )?collaboration|meta-?communication|self[- ]disclosure|reframe|reframing|"
    r"normali[sz](?:ing|ation)|(?:emphasi[sz](?:e|ing) )?autonomy|(?:ask(?:ing)? )?permission|rationale|"
    r"acknowledg(?:e|ing|ement)(?: of)?(?: (?:my|own|the therapist'?s))? (?:own )?(?:part|contribution)|"
    r"rupture repair|repair|immediacy|paraphras(?:e|ing)|psychoeducation|"
    r"(?:invite|inviting|invitation to) (?:discussion|explore|exploration)|rolling with (?:resistance|discord)")
# ... used as a label: at the start of a line or sentence (past markup, bullets and bold marks),
# followed by a colon or a dash.
_LABEL = re.compile(
    rf"(?:^|(?<=[\n.!?]))[\s*_#>\-\u2022]*(?:\d+[.)]\s*)?({_TECHNIQUES})[\s*_]*(?::|\s[-\u2013\u2014](?=\s))",
    re.IGNORECASE)


def unfilled_template(text: str, cues: CueSet) -> Found | None:
    """A template's blanks left in the reply. ``text`` is read before markup is blanked, as a
    blank may look like a tag (<CLIENT NAME>); offsets are the same either way."""
    found = list(_SLOT.finditer(text))
    if not found:
        return None
    slots = list(dict.fromkeys(" ".join(m.group(0).split()) for m in found))
    return Found("unfilled_template", found[0].start(), found[min(2, len(found) - 1)].end(),
                 ", ".join(f"\u201c{s}\u201d" for s in slots[:4]))


def technique_labels(text: str, cues: CueSet) -> Found | None:
    """Technique names written as labels ("Reflection:", "Open question -"), in plain text,
    Markdown or HTML (``text`` has its tags blanked, so a label inside <strong> is seen)."""
    found = list(_LABEL.finditer(text))
    if not found:
        return None
    labels = list(dict.fromkeys(" ".join(m.group(1).split()) + ":" for m in found))
    return Found("technique_labels", *_span_words(text, found[0].start(1), found[min(2, len(found) - 1)].end()),
                 ", ".join(f"\u201c{label}\u201d" for label in labels[:4]))
