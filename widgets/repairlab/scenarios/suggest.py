"""Which option a learner's draft is nearest to: a suggestion, never the choice.

The learner writes first, then picks the option closest to what they meant. To help without
deciding for them, we point at the option that shares the most content words with the draft
(stemmed, stop words removed), and only when the overlap is clear enough to be worth saying.
"""

from __future__ import annotations

from repairlab.feedback.text import content_words, stem
from repairlab.scenarios.schema import Node

MIN_OVERLAP = 0.15  # below this the draft shares too little with every option to suggest one


def _bag(text: str) -> set[str]:
    return {stem(word) for word in content_words(text)}


def nearest_option(draft: str, node: Node) -> int | None:
    """The authored index of the option nearest the draft, or None when none is clearly near."""
    words = _bag(draft)
    if not words:
        return None
    scores = []
    for index, option in enumerate(node.options):
        other = _bag(option.text)
        union = words | other
        scores.append((len(words & other) / len(union) if union else 0.0, index))
    scores.sort(reverse=True)
    best, index = scores[0]
    if best < MIN_OVERLAP or (len(scores) > 1 and scores[1][0] == best):
        return None
    return index
