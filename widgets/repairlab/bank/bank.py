"""The loaded vignette bank and the views of it the rest of the curriculum needs.

Assessment items (pools ``form_a`` and ``form_b``) are kept apart from practice items here,
in one place, so no drill or exercise can reach them by accident.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from repairlab.bank.schema import Vignette
from repairlab.bank.taxonomy import Taxonomy


class Bank:
    def __init__(self, vignettes: list[Vignette], *, taxonomy: Taxonomy):
        self._items = tuple(vignettes)
        self._by_id = {v.id: v for v in self._items}
        self.taxonomy = taxonomy

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Vignette]:
        return iter(self._items)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._by_id

    def get(self, item_id: str) -> Vignette:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise KeyError(f"no vignette with id {item_id!r} in the bank") from None

    def practice_items(self) -> list[Vignette]:
        """Everything a drill or exercise may show: never an assessment item."""
        return [v for v in self._items if v.pool == "practice"]

    def assessment_form(self, pool: str) -> list[Vignette]:
        if pool == "practice" or pool not in self.taxonomy.pools:
            allowed = [p for p in self.taxonomy.pools if p != "practice"]
            raise ValueError(f"{pool!r} is not an assessment form; allowed: {', '.join(allowed)}")
        return [v for v in self._items if v.pool == pool]

    def response_items(self, form: str, n: int) -> list[Vignette]:
        """``n`` rupture statements of an assessment form to draft and rate responses to:
        alternating the rupture families, middle difficulty first (room to improve either way).
        The forms are matched on family and difficulty, so each form gets the same profile."""
        levels = self.taxonomy.difficulty_order()
        middle = len(levels) // 2
        order = sorted(levels, key=lambda level: (abs(levels.index(level) - middle), levels.index(level)))
        by_family: dict[str, list[Vignette]] = {}
        for item in sorted(self.assessment_form(form), key=lambda v: (order.index(v.difficulty), v.id)):
            if self.taxonomy.is_rupture(item.family):
                by_family.setdefault(item.family, []).append(item)
        picked: list[Vignette] = []
        while len(picked) < n and any(by_family.values()):
            for family in sorted(by_family):
                if by_family[family] and len(picked) < n:
                    picked.append(by_family[family].pop(0))
        return picked

    def select(self, *, family: str | None = None, subtype: str | None = None,
               difficulty: str | None = None, pool: str | None = "practice") -> list[Vignette]:
        """Items matching every given filter; practice items only unless a pool is named."""
        return [
            v for v in self._items
            if (family is None or v.family == family)
            and (subtype is None or v.subtype == subtype)
            and (difficulty is None or v.difficulty == difficulty)
            and (pool is None or v.pool == pool)
        ]

    def counts(self) -> dict[str, dict[str, int]]:
        """Counts by family, subtype (as family/subtype), difficulty, pool and modality."""
        def tally(key) -> dict[str, int]:
            return dict(sorted(Counter(key(v) for v in self._items).items()))

        return {
            "total": {"items": len(self._items)},
            "family": tally(lambda v: v.family),
            "subtype": tally(lambda v: f"{v.family}/{v.subtype}"),
            "difficulty": tally(lambda v: v.difficulty),
            "pool": tally(lambda v: v.pool),
            "modality": tally(lambda v: v.context.modality),
            "pool_by_family_difficulty": tally(lambda v: f"{v.pool}:{v.family}:{v.difficulty}"),
            "tags": {tag: sum(tag in v.tags for v in self._items) for tag in self.taxonomy.tags},
            "profiles": self.profile_table(),
        }

    def profile_table(self) -> dict:
        """Client attributes by family, so an author can see who the bank's clients are: how
        many items have a profile, and per family the counts of each gender, age band,
        ethnicity (as written), broad ethnicity group and occupation."""
        by_family: dict[str, dict[str, Counter]] = {}
        for v in self._items:
            profile = v.context.profile
            if profile is None:
                continue
            table = by_family.setdefault(v.family, {a: Counter() for a in PROFILE_ATTRIBUTES})
            for attribute in PROFILE_ATTRIBUTES:
                table[attribute][profile_value(profile, attribute)] += 1
        return {
            "with_profile": sum(v.context.profile is not None for v in self._items),
            "without_profile": sorted(v.id for v in self._items if v.context.profile is None),
            "by_family": {family: {a: dict(sorted(c.items())) for a, c in table.items()}
                          for family, table in sorted(by_family.items())},
        }

    def overrepresented(self, family: str, factor: float = 2.0, min_items: int = 6) -> list[dict]:
        """Groups holding more than ``factor`` times their share of ``family``'s items.

        A group's share of the bank is its items over all profiled items; its share of the
        family is its items there over the family's profiled items. Groups with fewer than
        ``min_items`` items in the bank are too small to judge and are skipped."""
        profiled = [v for v in self._items if v.context.profile is not None]
        in_family = [v for v in profiled if v.family == family]
        if not profiled or not in_family:
            return []
        found = []
        for attribute in BALANCE_ATTRIBUTES:
            overall = Counter(profile_value(v.context.profile, attribute) for v in profiled)
            here = Counter(profile_value(v.context.profile, attribute) for v in in_family)
            for group, n in overall.items():
                if n < min_items:
                    continue
                bank_share, family_share = n / len(profiled), here[group] / len(in_family)
                if family_share > factor * bank_share:
                    found.append({"attribute": attribute, "group": group, "items": n,
                                  "in_family": here[group], "bank_share": round(bank_share, 3),
                                  "family_share": round(family_share, 3)})
        return found


PROFILE_ATTRIBUTES = ("gender", "age_band", "ethnicity", "ethnicity_group", "occupation")
# Balance is judged on groups large enough to count: gender, age band, broad ethnicity group,
# and gender crossed with being white or a person of colour (the pattern an author must not
# repeat: anger carried by men of colour).
BALANCE_ATTRIBUTES = ("gender", "age_band", "ethnicity_group", "gender_by_colour")


def profile_value(profile, attribute: str) -> str:
    if attribute == "age_band":
        return profile.age_band
    if attribute == "gender_by_colour":
        colour = "white" if profile.ethnicity_group == "white" else "person of colour"
        return f"{profile.gender}, {colour}"
    return str(getattr(profile, attribute))
