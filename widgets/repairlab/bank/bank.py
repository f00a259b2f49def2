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
    def __init__(self, vignettes: list[Vignette], *, taxonomy: Taxonomy, origin: dict[str, Path] | None = None):
        self._items = tuple(vignettes)
        self._by_id = {v.id: v for v in self._items}
        self.taxonomy = taxonomy
        self.origin = dict(origin or {})

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
        }
