"""The features the learned heads read, computed the same way at run time and when rebuilding.

A feature set is a plain ``dict`` of name to value. Text features are word unigrams and bigrams
(and, for the behaviour head, character 3- to 5-grams inside words and the words of the first and
last sentence) with sub-linear counts, scaled to unit length over all of the text's own terms (so
the scaling does not depend on which terms the model happens to keep). Pair features describe how
the response relates to the client's words, and what the client's turn looks like (its words, a
question, a turn cut off mid-sentence). Nothing here imports scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter

from repairlab.feedback.text import content_words, coverage, overlap, sentences, stem, tokens, words

_MAX_TOKENS = 400  # a feature set reads at most this many tokens of a text


def ngram_terms(text: str, prefix: str, bigrams: bool = True) -> dict[str, float]:
    toks = tokens(text)[:_MAX_TOKENS]
    counts: Counter[str] = Counter()
    for i, tok in enumerate(toks):
        counts[prefix + tok] += 1
        if bigrams and i + 1 < len(toks):
            counts[prefix + tok + " " + toks[i + 1]] += 1
    if not counts:
        return {}
    weighted = {k: 1.0 + math.log(c) for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {k: v / norm for k, v in weighted.items()}


def char_terms(text: str, prefix: str, low: int = 3, high: int = 5) -> dict[str, float]:
    """Character n-grams inside each word (padded with a space at both ends), sub-linear counts,
    unit length: they let "frustrating" and "frustrated" share weight and survive misspellings."""
    counts: Counter[str] = Counter()
    for word in words(text)[:_MAX_TOKENS]:
        padded = " " + word + " "
        for n in range(low, high + 1):
            for i in range(len(padded) - n + 1):
                counts[prefix + padded[i:i + n]] += 1
    if not counts:
        return {}
    weighted = {k: 1.0 + math.log(c) for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in weighted.values()))
    return {k: v / norm for k, v in weighted.items()}


# Families of utterance features the behaviour head reads; the complexity head keeps to the older
# ones (grouped cross-validation inside AnnoMI's training transcripts found no gain from the rest).
BEHAVIOUR_ONLY_PREFIXES = ("c:", "L:", "F:", "p:", "client?", "client_empty", "clast0:", "cfirst0:", "dash_")


def _bin(name: str, value: int, top: int) -> dict[str, float]:
    return {f"{name}={min(value, top)}": 1.0}


def utterance_features(client: str, utterance: str, cue_flags: dict[str, float] | None = None) -> dict[str, float]:
    """What the behaviour and complexity heads read: the utterance, its shape, its echo of the client."""
    feats = ngram_terms(utterance, "t:")
    found = sentences(utterance)
    toks = tokens(utterance)
    if found:
        last = tokens(found[-1].text)
        first = tokens(found[0].text)
        if last:
            feats["last0:" + last[0]] = 1.0
            if len(last) > 1:
                feats["last01:" + last[0] + " " + last[1]] = 1.0
        if first:
            feats["first0:" + first[0]] = 1.0
    feats["ends?"] = 1.0 if utterance.rstrip().endswith("?") else 0.0
    feats["has?"] = 1.0 if "?" in utterance else 0.0
    n = len([t for t in toks if t != "?"])
    feats.update(_bin("len", int(math.log2(n + 1)), 7))
    feats.update(_bin("sents", len(found), 4))
    feats["echo"] = overlap(utterance, client)
    feats["cover"] = coverage(utterance, client)
    content = content_words(utterance)
    feats.update(_bin("content", int(math.log2(len(content) + 1)), 5))
    client_stems = {stem(w) for w in content_words(client)}
    new = [w for w in content if stem(w) not in client_stems]
    feats.update(_bin("new", int(math.log2(len(new) + 1)), 5))
    feats.update(_bin("client_len", int(math.log2(len(tokens(client)) + 1)), 7))
    for key, value in (cue_flags or {}).items():
        feats["cue:" + key] = value
    # For the behaviour head: the words' spelling, the first and last sentence on their own, and
    # the client's turn (an answer to a question is seldom a reflection; a cut-off turn is continued).
    feats.update(char_terms(utterance, "c:"))
    if found:
        feats.update(ngram_terms(found[-1].text, "L:"))
        if len(found) > 1:
            feats.update(ngram_terms(found[0].text, "F:"))
    feats.update(ngram_terms(client, "p:", bigrams=False))
    feats["client?"] = 1.0 if "?" in client else 0.0
    feats["client_empty"] = 0.0 if client.strip() else 1.0
    client_found = sentences(client)
    if client_found:
        last_client = tokens(client_found[-1].text)
        first_client = tokens(client_found[0].text)
        if last_client:
            feats["clast0:" + last_client[0]] = 1.0
        if first_client:
            feats["cfirst0:" + first_client[0]] = 1.0
    feats["dash_client_end"] = 1.0 if client.rstrip().endswith(("-", "\u2014")) else 0.0
    feats["dash_start"] = 1.0 if utterance.lstrip().startswith(("-", "\u2014")) else 0.0
    feats["dash_end"] = 1.0 if utterance.rstrip().endswith(("-", "\u2014")) else 0.0
    return feats


def quality_features(client: str, response: str, reading: dict[str, float]) -> dict[str, float]:
    """What the quality head reads: the response's words, how they relate to the client's words,
    and what the rules and the behaviour heads found (``reading``: flag name to value)."""
    feats = ngram_terms(response, "r:")
    toks = [t for t in tokens(response) if t != "?"]
    n = len(toks)
    feats.update(_bin("len", int(math.log2(n + 1)), 7))
    found = sentences(response)
    feats.update(_bin("sents", len(found), 4))
    feats.update(_bin("questions", sum(1 for s in found if s.is_question), 3))
    feats["echo"] = overlap(response, client)
    feats["cover"] = coverage(response, client)
    client_stems = {stem(w) for w in content_words(client)}
    linked = {stem(w) for w in content_words(response)} & client_stems
    feats.update(_bin("links", len(linked), 4))
    if n:
        first = sum(1 for t in toks if t in ("i", "me", "my", "i'm", "i've", "i'd", "myself"))
        second = sum(1 for t in toks if t in ("you", "your", "you're", "you've", "you'd", "yourself"))
        feats["first_person"] = first / n
        feats["second_person"] = second / n
    feats["client_asks"] = 1.0 if "?" in client else 0.0
    feats["client_asks*answers"] = feats["client_asks"] * (1.0 if toks[:1] and toks[0] in ("yes", "no", "sure") else 0.0)
    feats["client_asks*asks"] = feats["client_asks"] * (1.0 if "?" in response else 0.0)
    for key, value in reading.items():
        feats[key] = value
    return feats

