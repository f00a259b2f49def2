"""The learner's own objective, read back so it steers practice (Chow et al. 2015: an
individualised learning objective is one of the four pillars of deliberate practice).

Module 0 asks for the objective; it is kept in the journal (``learning_objective``), each
revision a new entry. The latest one says which rupture markers and which skills the learner
chose; drills and skill exercises weight those items, and the dashboard shows them first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from repairlab.bank import Bank

JOURNAL_KIND = "learning_objective"
WEIGHT = 1.0


@dataclass(frozen=True)
class Objective:
    skill_text: str = ""
    markers: frozenset[str] = field(default_factory=frozenset)   # "family/subtype"
    skills: frozenset[str] = field(default_factory=frozenset)    # skill ids

    @property
    def is_set(self) -> bool:
        return bool(self.markers or self.skills or self.skill_text)

    def names_marker(self, family: str, subtype: str) -> bool:
        return f"{family}/{subtype}" in self.markers


def current_objective(journal_entries: list[dict]) -> Objective:
    """The latest learning objective in the journal (an empty one if none was written)."""
    entries = [j for j in journal_entries if j.get("exercise") == JOURNAL_KIND]
    if not entries:
        return Objective()
    entry = entries[-1]["entry"]
    return Objective(skill_text=str(entry.get("skill") or ""),
                     markers=frozenset(entry.get("markers") or ()),
                     skills=frozenset(entry.get("skills") or ()))


def item_weights(bank: Bank, objective: Objective) -> dict[str, float]:
    """Extra weight for practice items whose marker the objective names."""
    return {v.id: WEIGHT for v in bank.practice_items() if objective.names_marker(v.family, v.subtype)}
