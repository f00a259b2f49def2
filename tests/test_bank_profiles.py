"""Client profiles, tags and the balance check, on small banks built from the valid fixture.

The rules are checked on synthetic banks so that each can be shown to fail; the real bank's
figures are printed by ``repairlab bank stats``.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from pydantic import ValidationError

from repairlab.bank import Bank, Vignette, check_paths


def _raw(fixtures) -> dict:
    return yaml.safe_load((fixtures / "vignettes" / "valid.yaml").read_text())["items"][0]


def _vignette(raw: dict, taxonomy, **changes) -> Vignette:
    item = copy.deepcopy(raw)
    for key, value in changes.items():
        target, *path = key.split("__")
        holder = item
        for part in [target, *path][:-1]:
            holder = holder[part]
        holder[[target, *path][-1]] = value
    return Vignette.model_validate(item, context={"taxonomy": taxonomy,
                                                   "citation_keys": set(item["citations"])})


PROFILE = {"gender": "man", "age": 38, "ethnicity": "Polish", "ethnicity_group": "white",
           "occupation": "warehouse supervisor"}


def test_a_profile_is_checked_against_the_taxonomy(fixtures, taxonomy):
    raw = _raw(fixtures)
    item = _vignette(raw, taxonomy, context__profile=PROFILE)
    assert item.context.profile.age_band == "30-44"
    with pytest.raises(ValidationError, match="'male' is not a gender; allowed: woman, man"):
        _vignette(raw, taxonomy, context__profile={**PROFILE, "gender": "male"})
    with pytest.raises(ValidationError, match="'european' is not a ethnicity group"):
        _vignette(raw, taxonomy, context__profile={**PROFILE, "ethnicity_group": "european"})


def test_tags_promise_something_about_the_responses(fixtures, taxonomy):
    raw = _raw(fixtures)
    with pytest.raises(ValidationError, match="'urgent' is not a tag"):
        _vignette(raw, taxonomy, tags=["urgent"])
    with pytest.raises(ValidationError, match="needs an exemplary response that puts safety first"):
        _vignette(raw, taxonomy, tags=["risk"])
    with pytest.raises(ValidationError, match="strategy broach_difference"):
        _vignette(raw, taxonomy, tags=["culture_difference"])
    safe = copy.deepcopy(raw)
    safe["exemplary_responses"][1] = {"text": "Before anything else: are you safe at home tonight?",
                                      "strategy": "attend_to_risk", "why": "Safety comes first."}
    assert _vignette(safe, taxonomy, tags=["risk"]).tags == ["risk"]


def test_a_broken_tag_is_reported_on_the_tags_field(tmp_path, fixtures):
    text = (fixtures / "vignettes" / "valid.yaml").read_text().replace(
        "    citations: [eubanks_muran_safran2015, safran_muran2000]",
        "    citations: [eubanks_muran_safran2015, safran_muran2000]\n    tags: [risk]")
    path = tmp_path / "risky.yaml"
    path.write_text(text)
    _, issues, _ = check_paths([path])
    assert [(i.item, i.field) for i in issues] == [("fx-valid-01", "tags")]
    assert "attend_to_risk" in issues[0].message


def _bank(fixtures, taxonomy, people: list[tuple[str, str, str]]) -> Bank:
    """A bank with one item per (family, gender, ethnicity_group)."""
    raw = _raw(fixtures)
    items = []
    for n, (family, gender, group) in enumerate(people):
        item = copy.deepcopy(raw)
        item["id"] = f"fx-{n:03d}"
        item["context"]["profile"] = {**PROFILE, "gender": gender, "ethnicity_group": group}
        if family != "confrontation_rupture":
            item["family"], item["subtype"] = "no_rupture", "humour"
            for response in item["exemplary_responses"]:
                response["strategy"] = "complex_reflection"
                response.pop("stage", None)
        items.append(Vignette.model_validate(item, context={"taxonomy": taxonomy,
                                                            "citation_keys": set(item["citations"])}))
    return Bank(items, taxonomy=taxonomy)


def test_the_balance_check_finds_a_group_that_carries_the_anger(fixtures, taxonomy):
    balanced = (
        [("confrontation_rupture", "man", "black")] * 3 + [("confrontation_rupture", "woman", "white")] * 3
        + [("no_rupture", "man", "black")] * 3 + [("no_rupture", "woman", "white")] * 3
    )
    assert _bank(fixtures, taxonomy, balanced).overrepresented("confrontation_rupture") == []

    skewed = (
        [("confrontation_rupture", "man", "black")] * 6 + [("confrontation_rupture", "woman", "white")] * 1
        + [("no_rupture", "man", "black")] * 1 + [("no_rupture", "woman", "white")] * 12
    )
    found = _bank(fixtures, taxonomy, skewed).overrepresented("confrontation_rupture")
    groups = {(f["attribute"], f["group"]) for f in found}
    assert ("gender_by_colour", "man, person of colour") in groups
    assert ("gender", "man") in groups
    assert ("gender", "woman") not in groups


def test_stats_count_tags_and_profiles(fixtures, taxonomy):
    bank = _bank(fixtures, taxonomy, [("confrontation_rupture", "woman", "south_asian"),
                                      ("no_rupture", "nonbinary", "white")])
    counts = bank.counts()
    assert counts["tags"] == {"risk": 0, "culture_difference": 0}
    table = counts["profiles"]["by_family"]
    assert table["confrontation_rupture"]["ethnicity_group"] == {"south_asian": 1}
    assert table["no_rupture"]["gender"] == {"nonbinary": 1}
    assert counts["profiles"]["with_profile"] == 2
