"""The taxonomy file holds the published 3RS marker subtypes and a label for every value."""

from __future__ import annotations

from repairlab.bank.bibliography import load_bibliography

# Eubanks, Muran & Safran (2015): the marker subtypes as the manual lists them.
WITHDRAWAL = {
    "denial", "minimal_response", "abstract_communication", "avoidant_storytelling_shifting_topic",
    "deferential_appeasing", "content_affect_split", "self_criticism_hopelessness",
}
CONFRONTATION = {
    "complaints_about_therapist", "rejects_intervention", "complaints_about_activities",
    "complaints_about_parameters", "complaints_about_progress", "defends_self", "control_pressure",
}


def test_rupture_subtypes_match_the_3rs(taxonomy):
    assert set(taxonomy.subtypes["withdrawal_rupture"]) == WITHDRAWAL
    assert set(taxonomy.subtypes["confrontation_rupture"]) == CONFRONTATION


def test_withdrawal_subtypes_carry_the_2022_grouping(taxonomy):
    groups = {key: label.get("group") for key, label in taxonomy.subtypes["withdrawal_rupture"].items()}
    assert set(groups.values()) == set(taxonomy.subtype_groups)


def test_four_stages(taxonomy):
    assert list(taxonomy.stages) == [1, 2, 3, 4]


def test_every_value_has_a_readable_label_and_definition(taxonomy):
    sections = [taxonomy.families, taxonomy.difficulties, taxonomy.pools, taxonomy.stages, taxonomy.pulls]
    sections += list(taxonomy.subtypes.values())
    for section in sections:
        for key, label in section.items():
            assert label.label and label.label != key, key
            assert len(label.definition) > 20, key
    for key, label in taxonomy.strategies.items():
        assert label.label and label.get("kind") in {"rupture_resolution", "mi_skill", "safety"}, key


def test_sources_named_in_the_taxonomy_are_in_the_bibliography(taxonomy):
    keys = set(load_bibliography())
    for family in taxonomy.families.values():
        assert set(family.get("sources", [])) <= keys
    for group in taxonomy.subtype_groups.values():
        assert group.get("source") in keys


def test_bibliography_entries_are_complete():
    for ref in load_bibliography().values():
        assert ref.authors and ref.title and ref.published_in
        assert 1900 < ref.year < 2100
        assert ref.apa().startswith(ref.authors)
