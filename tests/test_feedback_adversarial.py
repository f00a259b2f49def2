"""Gamed replies do not read as good ones (issue 11).

Each case in tests/fixtures/feedback/adversarial.yaml answers a statement from the bank with a
reply that collects cues without answering the client: stacked stock phrases, empathy taken back
by a "but", blame or sarcasm in the grammar of a reflection, the client's own words handed back,
a reply about something else, another language, a wall of text, nothing at all, one word over
and over. None may score above the median exemplary reply to its statement, and the engine
should say what it saw, with the words that show it.
"""

from __future__ import annotations

import statistics
from collections import Counter

import pytest

from conftest import FIXTURES

CASES_FILE = FIXTURES / "feedback" / "adversarial.yaml"
CATEGORIES = {"stuffing", "mixed", "blame", "sarcasm", "parroting", "off_topic", "non_english", "very_long",
              "empty", "repetition"}


def load_cases(path) -> list[dict]:
    """A suite's cases, each with the reply as sent (``response`` repeated ``repeat`` times)."""
    import yaml

    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    for case in cases:
        case["text"] = case["response"] * int(case.get("repeat", 1))
    return cases


CASES = load_cases(CASES_FILE)


@pytest.fixture(scope="module")
def items(bank):
    return {v.id: v for v in bank}


@pytest.fixture(scope="module")
def medians(items):
    from repairlab.feedback import analyse

    return {i: statistics.median(analyse(v.client_statement, e.text).score for e in v.exemplary_responses)
            for i, v in items.items()}


def test_the_suite_covers_every_kind_of_gaming():
    assert len(CASES) >= 60
    assert {c["category"] for c in CASES} == CATEGORIES
    assert min(Counter(c["category"] for c in CASES).values()) >= 4
    assert len({c["id"] for c in CASES}) == len(CASES)


def test_every_case_answers_a_statement_in_the_bank(items):
    missing = sorted({c["item"] for c in CASES} - set(items))
    assert not missing, f"adversarial cases point at statements no longer in the bank: {missing}"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_no_gamed_reply_scores_above_the_median_exemplar(case, items, medians):
    from repairlab.feedback import analyse

    item = items.get(case["item"])
    if item is None:
        pytest.skip(f"{case['item']} is not in the bank")
    a = analyse(item.client_statement, case["text"])
    assert a.score < medians[item.id], (case["id"], a.score, medians[item.id], a.pull_keys)
    # Whatever was found, the message quotes the learner's words for it and keeps to one suggestion.
    assert a.message.count("Try ") <= 1
    for e in a.pulls:
        assert 0 <= e.start <= e.end <= len(case["text"])


def test_the_engine_names_what_it_saw(items):
    """The expected pull is named (with its words) in nearly every case; the benchmark lists misses."""
    from repairlab.feedback import analyse

    expected = [c for c in CASES if c.get("expect") and c["item"] in items]
    named = []
    for case in expected:
        a = analyse(items[case["item"]].client_statement, case["text"])
        hit = [e for e in a.pulls if e.key in case["expect"]]
        if hit:
            named.append(case["id"])
            assert all(e.words.strip() for e in hit), case["id"]
    assert len(named) / len(expected) >= 0.9, sorted({c["id"] for c in expected} - set(named))


@pytest.mark.parametrize("category", ["stuffing", "mixed", "blame", "sarcasm", "parroting", "repetition"])
def test_the_message_names_the_pull_without_a_number(category, items):
    from repairlab.feedback import analyse

    for case in [c for c in CASES if c["category"] == category]:
        a = analyse(items[case["item"]].client_statement, case["text"])
        assert "It may give in to" in a.message, (case["id"], a.message)
        assert not any(ch.isdigit() for ch in a.message.replace(case["text"], "")), (case["id"], a.message)
