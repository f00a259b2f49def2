"""The shape of a rupture scenario: client turns, therapist options, endings.

Structure and allowed values are checked here, field by field, with the taxonomy passed in as
validation context (as for the vignette bank). Rules about the graph as a whole (every node
reachable, no dead ends, no wish/fear interpretation before the exchange is ready for it) live
in ``graph.py``, because they need the whole scenario at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from repairlab.bank.schema import Context, _not_blank, _one_of, _taxonomy

Text = Annotated[str, Field(min_length=1)]
Quality = Literal["expert", "workable", "poor"]
EndingKind = Literal["resolved", "partly_resolved", "unresolved", "deepened"]
_KEY = r"^[a-z0-9][a-z0-9_-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Opening(_Strict):
    """The marker the scenario opens with."""

    family: str
    subtype: str

    @field_validator("family")
    @classmethod
    def _family(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, _taxonomy(info).scenario_families(), "family a scenario can open with")
        return value

    @field_validator("subtype")
    @classmethod
    def _subtype(cls, value: str, info: ValidationInfo) -> str:
        subtypes = _taxonomy(info).subtypes.get(info.data.get("family", ""))
        if subtypes is not None:
            _one_of(value, list(subtypes), f"subtype of {info.data['family']}")
        return value


class Option(_Strict):
    """One thing the therapist might say, what it does, and where the client goes next."""

    text: Text
    strategy: str | None = None
    pull: str | None = None
    stage: int | None = None
    quality: Quality
    why: Text
    next: Annotated[str, Field(pattern=_KEY)]

    _blank = field_validator("text", "why")(_not_blank)

    @field_validator("strategy")
    @classmethod
    def _strategy(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _one_of(value, list(_taxonomy(info).strategies), "strategy")
        return value

    @field_validator("pull")
    @classmethod
    def _pull(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            _one_of(value, list(_taxonomy(info).pulls), "pull")
        return value

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None:
            _one_of(value, list(_taxonomy(info).stages), "stage of the four-stage model")
        return value

    @model_validator(mode="after")
    def _tagged(self, info: ValidationInfo) -> "Option":
        if self.strategy is None and self.pull is None:
            raise PydanticCustomError("untagged", "an option needs a strategy, a pull, or both")
        approach = _taxonomy(info).strategies[self.strategy].get("approach") if self.strategy else None
        if approach == "exploratory" and self.stage is None:
            raise PydanticCustomError("stage_missing", "required for an exploratory strategy ({strategy}): "
                                      "say which stage (1-4) this move belongs to", {"strategy": self.strategy})
        if approach != "exploratory" and self.stage is not None:
            raise PydanticCustomError("stage_not_for_immediate", "must be left out: stages belong to "
                                      "exploratory strategies only")
        if self.quality == "expert" and self.pull is not None:
            raise PydanticCustomError("expert_with_pull", "an expert option does not give in to a pull")
        return self


class Node(_Strict):
    """A client turn: the words, how far the exchange has come, and the therapist's options."""

    client: Text
    stage: Annotated[int, Field(ge=0, le=4)]
    markers: list[str]
    risk: bool = False
    options: Annotated[list[Option], Field(min_length=3, max_length=4)]

    _blank = field_validator("client")(_not_blank)

    @field_validator("markers")
    @classmethod
    def _markers(cls, value: list[str], info: ValidationInfo) -> list[str]:
        taxonomy = _taxonomy(info)
        for marker in value:
            family, _, subtype = marker.partition("/")
            _one_of(family, list(taxonomy.families), "family (write markers as family/subtype)")
            _one_of(subtype, list(taxonomy.subtypes[family]), f"subtype of {family}")
        return value

    @field_validator("options")
    @classmethod
    def _one_expert(cls, value: list[Option]) -> list[Option]:
        experts = sum(1 for option in value if option.quality == "expert")
        if experts != 1:
            raise PydanticCustomError("expert_count", "exactly one option is 'quality: expert' (found {n})",
                                      {"n": experts})
        return value

    @property
    def expert(self) -> Option:
        return next(option for option in self.options if option.quality == "expert")


class Ending(_Strict):
    kind: EndingKind
    client: Text
    debrief: Text
    try_next: Text

    _blank = field_validator("client", "debrief", "try_next")(_not_blank)


class Scenario(_Strict):
    """A stretch of a session in which the client answers back."""

    id: Annotated[str, Field(pattern=r"^sc-[a-z0-9][a-z0-9-]*$", max_length=64)]
    title: Text
    difficulty: str
    opening: Opening
    tags: list[str] = []
    context: Context
    citations: Annotated[list[str], Field(min_length=1)]
    start: str
    nodes: Annotated[dict[Annotated[str, Field(pattern=_KEY)], Node], Field(min_length=1)]
    endings: Annotated[dict[Annotated[str, Field(pattern=_KEY)], Ending], Field(min_length=1)]

    @field_validator("difficulty")
    @classmethod
    def _difficulty(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).difficulties), "difficulty")
        return value

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for tag in value:
            _one_of(tag, list(_taxonomy(info).tags), "tag")
        return value

    @field_validator("citations")
    @classmethod
    def _citations(cls, value: list[str], info: ValidationInfo) -> list[str]:
        unknown = [key for key in value if key not in info.context["citation_keys"]]
        if unknown:
            raise PydanticCustomError("unknown_citation", "unknown citation key(s) {unknown}; see "
                                      "data/bibliography.yaml", {"unknown": ", ".join(unknown)})
        return value

    def step(self, key: str) -> Node | Ending:
        return self.nodes[key] if key in self.nodes else self.endings[key]

    @property
    def family(self) -> str:
        return self.opening.family

    @property
    def subtype(self) -> str:
        return self.opening.subtype
