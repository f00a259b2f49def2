"""The whole built-in bank against the rules the curriculum promises its users.

These tests read the real data files. A failure names the rule and the items that break it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

MIN_TOTAL = 200
MIN_PER_RUPTURE_SUBTYPE = 8
MIN_FAMILY = {"sustain_talk": 14, "change_talk": 10, "no_rupture": 24}
MIN_FORM_SIZE = 24
SETTINGS_TO_COVER = {"cbt", "psychodynamic", "mi_substance_use", "couples", "adolescent", "inpatient", "telehealth"}


def test_bank_is_large_enough(bank):
    assert len(bank) >= MIN_TOTAL


def test_every_rupture_subtype_has_enough_items(bank, taxonomy):
    counts = Counter((v.family, v.subtype) for v in bank)
    for family in ("withdrawal_rupture", "confrontation_rupture"):
        assert len(taxonomy.subtypes[family]) == 7
        for subtype in taxonomy.subtypes[family]:
            assert counts[(family, subtype)] >= MIN_PER_RUPTURE_SUBTYPE, (family, subtype)


@pytest.mark.parametrize(("family", "minimum"), sorted(MIN_FAMILY.items()))
def test_non_rupture_families_have_enough_items(bank, family, minimum):
    assert len([v for v in bank if v.family == family]) >= minimum


def test_each_difficulty_holds_at_least_a_quarter(bank, taxonomy):
    counts = Counter(v.difficulty for v in bank)
    for difficulty in taxonomy.difficulties:
        assert counts[difficulty] * 4 >= len(bank), counts


def test_distractors_cover_every_kind_of_non_rupture(bank, taxonomy):
    kinds = {v.subtype for v in bank if v.family == "no_rupture"}
    assert kinds == set(taxonomy.subtypes["no_rupture"])


def test_two_parallel_forms_are_matched_on_family_and_difficulty(bank):
    form_a, form_b = bank.assessment_form("form_a"), bank.assessment_form("form_b")
    assert len(form_a) >= MIN_FORM_SIZE and len(form_b) >= MIN_FORM_SIZE
    cells_a = Counter((v.family, v.difficulty) for v in form_a)
    cells_b = Counter((v.family, v.difficulty) for v in form_b)
    assert cells_a == cells_b


def test_forms_cover_every_family(bank, taxonomy):
    for form in ("form_a", "form_b"):
        assert {v.family for v in bank.assessment_form(form)} == set(taxonomy.families)


def test_practice_never_includes_assessment_items(bank):
    practice = bank.practice_items()
    assert practice and all(v.pool == "practice" for v in practice)
    assert not {v.id for v in practice} & {v.id for v in bank if v.is_assessment}
    assert all(v.pool == "practice" for v in bank.select())


def test_settings_the_course_promises_are_all_present(bank):
    modalities = {v.context.modality for v in bank}
    assert SETTINGS_TO_COVER <= modalities, SETTINGS_TO_COVER - modalities


def test_clients_span_the_lifespan(bank):
    ages = []
    for v in bank:
        match = re.search(r"\b(\d{1,2})\b", v.context.client)
        if match:
            ages.append(int(match.group(1)))
    assert len(ages) >= 0.8 * len(bank), "most client descriptions should give an age"
    assert min(ages) < 18 and max(ages) >= 70
    decades = Counter(age // 10 for age in ages)
    assert len(decades) >= 6


def test_no_statement_or_response_is_repeated(bank):
    seen: dict[str, str] = {}
    for v in bank:
        texts = [v.client_statement] + [r.text for r in v.exemplary_responses] + [r.text for r in v.poor_responses]
        for text in texts:
            key = re.sub(r"\W+", " ", text.lower()).strip()
            assert key not in seen, f"{v.id} repeats text from {seen.get(key)}: {text!r}"
            seen[key] = v.id


def test_poor_responses_show_a_range_of_pulls(bank, taxonomy):
    used = Counter(r.pull for v in bank for r in v.poor_responses)
    assert set(used) == set(taxonomy.pulls), set(taxonomy.pulls) - set(used)


def test_every_strategy_in_the_taxonomy_is_modelled(bank, taxonomy):
    used = {r.strategy for v in bank for r in v.exemplary_responses}
    assert used == set(taxonomy.strategies), set(taxonomy.strategies) - used


def test_exploratory_responses_span_the_first_three_stages(bank):
    """Single statements practise stages 1-3; stage 4 is reached over turns, in the scenarios."""
    stages = Counter(r.stage for v in bank for r in v.exemplary_responses if r.stage)
    assert set(stages) == {1, 2, 3}


def test_labels_are_spread_over_salience(bank):
    by_family = defaultdict(set)
    for v in bank:
        by_family[v.family].add(v.salience)
    for family, saliences in by_family.items():
        assert len(saliences) >= 3, (family, saliences)


def test_only_exploratory_moves_carry_a_stage(bank, taxonomy):
    """The four-stage model describes exploratory resolution: immediate strategies and safety
    moves carry no stage, and no single-statement item answers a fresh marker at stage 4."""
    off = [(v.id, r.strategy, r.stage) for v in bank if taxonomy.is_rupture(v.family)
           for r in v.exemplary_responses
           if (taxonomy.strategies[r.strategy].get("approach") == "exploratory") != (r.stage is not None)
           or r.stage == 4]
    assert off == []


def test_every_client_has_a_profile(bank):
    assert bank.profile_table()["without_profile"] == []


def test_no_group_carries_the_confrontation(bank):
    """No gender, age band, broad ethnicity group, or gender by colour holds more than twice its
    share of the bank's confrontation items (groups of six or more items are judged)."""
    assert bank.overrepresented("confrontation_rupture") == []
