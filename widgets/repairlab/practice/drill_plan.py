"""A drill: mixed practice items, difficulty that follows the learner, missed items that return.

Two rules from the deliberate-practice literature shape it:

- Assess and adjust (APA Deliberate Practice series): after each block the learner says how it
  went; "too hard" steps back a level, "too easy" steps up, "good challenge" stays. When the
  learner skips the reaction check, accuracy in the block stands in for it.
- Spacing (Bjork & Bjork 2011): a missed item comes back a few items later, and once answered
  correctly comes back again after a longer gap before it is retired.

Only practice items are ever drawn: assessment forms are out of reach by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from repairlab.bank.scoring import stored_outcome
from repairlab.bank import Bank
from repairlab.bank.schema import Vignette

RETURN_AFTER_MISS = 3   # steps until a missed item is shown again
RETURN_AFTER_REPAIR = 8  # steps until an item answered right after a miss is shown once more


@dataclass
class DrillPlan:
    bank: Bank
    level: str = "beginner"
    block_size: int = 4
    seed: int | None = None
    families: tuple[str, ...] | None = None
    step: int = 0
    due: dict[str, int] = field(default_factory=dict)      # item id -> step at which it returns
    repaired: set[str] = field(default_factory=set)       # missed once, then answered right
    seen: set[str] = field(default_factory=set)
    block: list[bool] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)  # item id -> weight (the learner's objective)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.levels = self.bank.taxonomy.difficulty_order()
        if self.level not in self.levels:
            raise ValueError(f"{self.level!r} is not a difficulty; allowed: {', '.join(self.levels)}")
        self.pool = [v for v in self.bank.practice_items() if self.families is None or v.family in self.families]
        if not self.pool:
            raise ValueError("no practice items match this drill")

    @classmethod
    def resume(cls, bank: Bank, answers: list[dict], **kwargs) -> "DrillPlan":
        """Start a drill that first brings back items the learner last got wrong."""
        plan = cls(bank, **kwargs)
        last: dict[str, bool] = {}
        for answer in answers:
            last[answer["item_id"]] = stored_outcome(answer).correct
        for offset, item_id in enumerate(i for i, ok in last.items() if not ok and i in bank):
            if bank.get(item_id).pool == "practice":
                plan.due[item_id] = offset + 1
        plan.seen.update(last)
        return plan

    def next_item(self) -> Vignette:
        self.step += 1
        due_now = sorted((when, item_id) for item_id, when in self.due.items() if when <= self.step)
        if due_now:
            return self.bank.get(due_now[0][1])
        at_level = [v for v in self.pool if v.difficulty == self.level and v.id not in self.due]
        fresh = [v for v in at_level if v.id not in self.seen] or at_level or self.pool
        # The learner's objective comes first: about two draws in three go to the markers they chose.
        wanted = [v for v in fresh if self.weights.get(v.id)]
        if wanted and self.rng.random() < 2 / 3:
            return self.rng.choice(wanted)
        return self.rng.choice(fresh)

    def record(self, item: Vignette, correct: bool) -> None:
        self.seen.add(item.id)
        self.block.append(correct)
        was_due = item.id in self.due
        if not correct:
            self.due[item.id] = self.step + RETURN_AFTER_MISS
            self.repaired.discard(item.id)
        elif was_due:
            del self.due[item.id]
            if item.id not in self.repaired:
                self.repaired.add(item.id)
                self.due[item.id] = self.step + RETURN_AFTER_REPAIR

    @property
    def block_done(self) -> bool:
        return len(self.block) >= self.block_size

    def adjust(self, reaction: int | None = None) -> str:
        """End a block: move the level by the reaction check (-1, 0, +1) or, without one, by accuracy."""
        if reaction is None:
            accuracy = sum(self.block) / len(self.block) if self.block else 0.5
            reaction = 1 if accuracy >= 0.8 else -1 if accuracy <= 0.4 else 0
        self.level = next_level(self.levels, self.level, reaction)
        self.block = []
        return self.level


def next_level(levels: list[str], level: str, adjust: int) -> str:
    """Assess and adjust: one step by the reaction (-1 too hard, 0 good challenge, +1 too easy),
    never past the easiest or the hardest level. Drills and skill rounds both move this way."""
    if level not in levels:
        raise ValueError(f"{level!r} is not a difficulty; allowed: {', '.join(levels)}")
    index = min(len(levels) - 1, max(0, levels.index(level) + int(adjust)))
    return levels[index]
