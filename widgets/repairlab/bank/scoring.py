"""The one rule for whether a classification is right, used by practice, assessment and grading.

A classification names a family and, for a rupture, one of its 3RS markers. The family is
right or wrong; the marker counts only for a rupture whose family was right (a non-rupture has
no marker to name). The whole answer is right when the family is right and the marker, where
it counts, is right too. A graded statement is worth two points: one for the family, one for
the marker, the second coming with the family when there is no marker to name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from repairlab.bank.taxonomy import Taxonomy

POINTS_PER_STATEMENT = 2


@dataclass(frozen=True)
class Outcome:
    family_correct: bool
    subtype_correct: bool | None  # None when the marker does not count

    @property
    def correct(self) -> bool:
        return self.family_correct and self.subtype_correct is not False

    def points(self, top: float = POINTS_PER_STATEMENT) -> float:
        if not self.family_correct:
            return 0.0
        return float(top) if self.subtype_correct is not False else top / 2


def classify_outcome(taxonomy: Taxonomy, true_family: str, true_subtype: str | None, chosen_family: str | None,
                     chosen_subtype: str | None) -> Outcome:
    family_ok = chosen_family == true_family
    marker_counts = family_ok and taxonomy.is_rupture(true_family) and true_subtype is not None
    return Outcome(family_ok, (chosen_subtype == true_subtype) if marker_counts else None)


def stored_outcome(answer: dict[str, Any]) -> Outcome:
    """The outcome kept with an answer in the progress store (``family_correct``, ``subtype_correct``)."""
    subtype = answer.get("subtype_correct")
    return Outcome(bool(answer["family_correct"]), None if subtype is None else bool(subtype))
