"""Every kind of progress record, defined once.

Each model here is the single definition of one table: the store writes through it (so a bad
value is refused with a clear message before it reaches SQLite), reads its JSON columns back
through it, and the export file is checked against it. The SQL in ``migrations.py`` is the
history of how the tables came to be; a test checks that a migrated store has exactly the
columns these models name.
"""

from __future__ import annotations

import typing
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

Uid = Annotated[str, Field(min_length=1)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    table: ClassVar[str]

    uid: Uid
    at: str

    @classmethod
    def json_columns(cls) -> frozenset[str]:
        """Fields kept as JSON text in SQLite: the lists and mappings."""
        out = set()
        for name, info in cls.model_fields.items():
            origin = typing.get_origin(info.annotation)
            if origin in (list, dict) or info.annotation in (list, dict):
                out.add(name)
        return frozenset(out)

    @classmethod
    def columns(cls) -> list[str]:
        return ["uid", "learner_id", *[name for name in cls.model_fields if name != "uid"]]


class Learner(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)
    learner_id: Uid
    display_name: str = ""
    created_at: str


class Answer(Record):
    """One classification of a client statement; ``context`` says where (module, drill, form)."""

    table: ClassVar[str] = "answers"
    item_id: str
    chosen_family: str
    chosen_subtype: str | None
    family_correct: Literal[0, 1]
    subtype_correct: Literal[0, 1] | None
    context: str = ""


class Draft(Record):
    """A drafted response, numbered per item so successive refinement can be shown."""

    table: ClassVar[str] = "drafts"
    item_id: str
    attempt: Annotated[int, Field(ge=1)]
    text: str
    score: Annotated[float, Field(ge=0, le=1)] | None
    moves: list[str]
    pulls: list[str]


class Reaction(Record):
    """How a round felt. ``feelings`` holds only the slider ratings; the hooked/engaged stance
    and the one-click check before drafting have fields of their own (store v3)."""

    table: ClassVar[str] = "reactions"
    item_id: str | None
    challenge: str | None
    feelings: dict[str, int]
    note: str = ""
    stance: str | None = None
    quick: str | None = None


class DrillStep(Record):
    table: ClassVar[str] = "drill_steps"
    drill_id: str
    step: Annotated[int, Field(ge=1)]
    item_id: str
    difficulty: str
    outcome: str


class JournalEntry(Record):
    """A completed reflective exercise, skill round or partner round."""

    table: ClassVar[str] = "journal"
    exercise: str
    entry: dict[str, Any]


class OwnItem(Record):
    table: ClassVar[str] = "own_items"
    statement: Annotated[str, Field(min_length=1)]
    context: str = ""
    family: str | None = None


class ScenarioStep(Record):
    """One turn of one run through a scenario: the learner's draft, the option they took (by its
    place in the scenario file), and where it led. A run is the steps sharing a ``run_id``; going
    back to an earlier turn starts a new run that repeats the turns before it, so every run is kept
    whole."""

    table: ClassVar[str] = "scenario_steps"
    scenario_id: str
    run_id: Uid
    turn: Annotated[int, Field(ge=1)]
    node: str
    choice: Annotated[int, Field(ge=1)]
    draft: str = ""
    reaction: str = ""
    leads_to: str
    ending_kind: str | None = None


KINDS: dict[str, type[Record]] = {model.table: model for model in
                                  (Answer, Draft, Reaction, DrillStep, JournalEntry, OwnItem, ScenarioStep)}
