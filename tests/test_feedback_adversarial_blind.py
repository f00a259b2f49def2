"""The second author's adversarial suite (issue 11).

tests/fixtures/feedback/adversarial_second_author.yaml was written by a second author who had not
seen the engine, its notes or the first suite. Run blind, 75 of its 83 gamed replies scored below
the median exemplary reply to their statement. Six of the eight gaps were closed with general
rules (a template's blanks, technique names used as labels, a certain verdict after a "but",
blame put as the therapist's reaction to the client, "nothing says ... like", a statement about
family the client did not bring); since then the suite is no longer blind. The two left are a
repair offered where nothing in the client's words shows a strain: the engine cannot tell that
from the words alone without marking the bank's own exemplary repairs too
(docs/how-the-feedback-works.md), so they are known gaps, listed here and expected to fail.
"""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import FIXTURES
from test_feedback_adversarial import CATEGORIES, items, load_cases, medians  # noqa: F401  (shared fixtures)

CASES_FILE = FIXTURES / "feedback" / "adversarial_second_author.yaml"
# Repair talk on a statement that shows no strain: a words-only reading cannot tell these from an
# exemplary repair (the rule tried also marked three of the bank's exemplary repairs).
KNOWN_GAPS = {"sa-off-04", "sa-off-11"}


CASES = load_cases(CASES_FILE)


def test_the_suite_covers_every_kind_of_gaming():
    assert len(CASES) >= 60
    assert {c["category"] for c in CASES} == CATEGORIES
    assert min(Counter(c["category"] for c in CASES).values()) >= 4
    assert len({c["id"] for c in CASES}) == len(CASES)
    assert KNOWN_GAPS <= {c["id"] for c in CASES}


def test_every_case_answers_a_statement_in_the_bank(items):
    missing = sorted({c["item"] for c in CASES} - set(items))
    assert not missing, f"second-author cases point at statements no longer in the bank: {missing}"


def _param(case: dict):
    marks = [pytest.mark.xfail(strict=True, reason="known gap: repair talk where the words show no strain")] \
        if case["id"] in KNOWN_GAPS else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_no_gamed_reply_scores_at_or_above_the_median_exemplar(case, items, medians):
    from repairlab.feedback import analyse

    item = items.get(case["item"])
    if item is None:
        pytest.skip(f"{case['item']} is not in the bank")
    a = analyse(item.client_statement, case["text"])
    assert a.score < medians[item.id], (case["id"], a.score, medians[item.id], a.pull_keys)
    assert a.message.count("Try ") <= 1
    for e in a.pulls:
        assert 0 <= e.start <= e.end <= len(case["text"])
        assert case["text"][e.start:e.end] == e.words


@pytest.mark.parametrize("case_id, key, words", [
    ("sa-stuff-03", "unfilled_template", "[EMOTION]"),
    ("sa-stuff-07", "technique_labels", "Reflection:"),
    ("sa-mix-02", "mixed_message", "clearly hasn't worked for you"),
    ("sa-blame-04", "blame_client", "what it is about you"),
    ("sa-sarc-04", "sarcasm", "Nothing says progress like"),
    ("sa-off-01", "off_topic", "your mother"),
])
def test_the_closed_gaps_are_named_with_their_words(case_id, key, words, items):
    """Each rule added for the blind suite's gaps names its pull and quotes the learner's words."""
    from repairlab.feedback import analyse

    case = next(c for c in CASES if c["id"] == case_id)
    a = analyse(items[case["item"]].client_statement, case["text"])
    found = [e for e in a.pulls if e.key == key]
    assert found, (case_id, a.pull_keys)
    assert words in found[0].words + " " + found[0].note, (case_id, found[0])
    assert "It may give in to" in a.message and words.split()[0].strip("[:") in a.message, a.message
