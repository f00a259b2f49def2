"""Rules the content of the real bank keeps, so that a trainer's reading of it stays true.

Each test names a finding of the clinical review (issue 12) and fails if the bank drifts back.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

# Said in a statement or moment, these disclose risk (to the client or others) unless the
# item makes clear otherwise; such an item must be tagged and answered safety-first.
RISK = re.compile(r"suicid|kill (myself|him|her)|end (it|my life)|better off without me|not (wake|be here)|"
                  r"overdose|self-harm|hurt (myself|him|her|the baby)|hits? me|insurance money", re.I)
EMPATHIC_THEN_BLAMING = re.compile(r"\b(but|and|though|still)\b.*\byou('re| are| tend| always| keep| never|"
                                   r" don't| won't| seem| avoid| might)", re.I)


def _words(text: str) -> int:
    return len(text.split())


def test_poor_responses_are_as_long_as_exemplars_so_length_gives_nothing_away(bank):
    exemplary = [_words(r.text) for v in bank for r in v.exemplary_responses]
    poor = [_words(r.text) for v in bank for r in v.poor_responses]
    assert statistics.median(poor) >= 0.75 * statistics.median(exemplary)


def test_some_poor_responses_are_empathic_then_blaming(bank):
    mixed = [r.text for v in bank for r in v.poor_responses
             if r.pull == "blame_client" and EMPATHIC_THEN_BLAMING.search(r.text)]
    assert len(mixed) >= 10


def test_no_stage_directions_hand_over_the_answer_above_beginner(bank):
    cued = [v.id for v in bank if v.difficulty != "beginner" and "[" in v.client_statement
            and not re.fullmatch(r"[^\[]*(\[(pause|long pause|silence)\][^\[]*)*", v.client_statement)]
    assert cued == []


def test_every_client_has_a_first_name_of_their_own(bank):
    names = Counter(re.split(r"[ ,]", re.sub(r"^(Dr\.|Mrs\.|Mr\.|Professor) ", "", v.context.client))[0]
                    for v in bank)
    assert [n for n, count in names.items() if count > 1] == []


def test_items_that_disclose_risk_are_tagged_and_answered_safety_first(bank):
    untagged = [v.id for v in bank if RISK.search(f"{v.client_statement} {v.context.moment}")
                and "risk" not in v.tags]
    assert untagged == []
    assert sum("risk" in v.tags for v in bank) >= 4


def test_difference_between_client_and_therapist_is_part_of_at_least_ten_ruptures(bank):
    items = [v for v in bank if "culture_difference" in v.tags and bank.taxonomy.is_rupture(v.family)]
    assert len(items) >= 10
    assert all(any(r.strategy == "broach_difference" for r in v.exemplary_responses) for v in items)


def test_the_migrant_taxi_driver_is_gone(bank):
    """Six clients were taxi or rideshare drivers, all migrants or men of colour."""
    drivers = [v.id for v in bank if re.search(r"\b(taxi|rideshare|uber|cab) driver", v.context.profile.occupation, re.I)]
    assert len(drivers) <= 1
