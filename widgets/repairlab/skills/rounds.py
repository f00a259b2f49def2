"""Rounds of single-skill practice, with no widgets in them: which statements a round serves,
and the assess-and-adjust rule that moves the next round.

The APA Deliberate Practice books end each round with a reaction check: "too hard" (strong
shame, anger, blanking out) steps back a difficulty, "too easy" steps up, and a good
challenge repeats the level. The reaction form's `adjust` values (-1, 0, +1) say which; the
rule itself is the drill's (``repairlab.practice.drill_plan.next_level``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from repairlab.practice.drill_plan import next_level
from repairlab.skills.catalogue import Skill


@dataclass
class SkillPlan:
    """Where a learner is in one skill: the level, the round, and the statements it serves."""

    skill: Skill
    levels: list[str]
    level: str = "beginner"
    round_size: int = 3
    seed: int | None = None
    round_number: int = 1
    statements: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)  # item id -> extra weight (the learner's objective)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.level = next_level(self.levels, self.level, 0)
        self.statements = self._draw()

    def _draw(self) -> list[str]:
        """The round's statements at this level; items the learner's objective names come first."""
        pool = list(self.skill.statement_ids(self.level))
        self.rng.shuffle(pool)
        pool.sort(key=lambda item_id: -self.weights.get(item_id, 0.0))
        return pool[: self.round_size]

    def finish_round(self, adjust: int) -> str:
        """Apply the reaction check and draw the next round's statements; returns the new level."""
        self.level = next_level(self.levels, self.level, adjust)
        self.round_number += 1
        self.statements = self._draw()
        return self.level
