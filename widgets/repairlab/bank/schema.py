"""The one schema every vignette is checked against.

Structure and types are pydantic models; the allowed values come from the taxonomy and the
bibliography, passed in as validation context, so an error message can list exactly what is
allowed. Rules that tie fields together (a subtype belongs to its family; a stage is given for
ruptures only) are checked here too, each reported on the field an author has to change.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from repairlab.bank.taxonomy import Taxonomy

NonEmptyText = Annotated[str, Field(min_length=1)]
_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*(\s|$)")


def _taxonomy(info: ValidationInfo) -> Taxonomy:
    return info.context["taxonomy"]


def _one_of(value: object, allowed: list, what: str) -> None:
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed)
        raise PydanticCustomError(
            "not_in_taxonomy",
            "'{value}' is not a {what}; allowed: {allowed}",
            {"value": value, "what": what, "allowed": shown},
        )


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be empty or only spaces")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Profile(_Strict):
    """The client's attributes as data, so an author can see how the bank is balanced (who
    carries the anger, who the distractors are) without reading every context."""

    gender: str
    age: Annotated[int, Field(ge=5, le=110)]
    ethnicity: NonEmptyText  # as the client would say it, e.g. "Gujarati-British"
    ethnicity_group: str
    occupation: NonEmptyText

    _blank = field_validator("ethnicity", "occupation")(_not_blank)

    @field_validator("gender")
    @classmethod
    def _gender(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).genders), "gender")
        return value

    @field_validator("ethnicity_group")
    @classmethod
    def _ethnicity_group(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).ethnicity_groups), "ethnicity group")
        return value

    @property
    def age_band(self) -> str:
        """Bands wide enough to count: under 18, 18-29, 30-44, 45-64, 65 and over."""
        for top, band in ((17, "under 18"), (29, "18-29"), (44, "30-44"), (64, "45-64")):
            if self.age <= top:
                return band
        return "65 and over"


class Context(_Strict):
    """Who the client is and what has just happened, so the statement can be read in context."""

    client: NonEmptyText
    profile: Profile | None = None
    setting: NonEmptyText
    modality: str
    session: Annotated[int, Field(ge=1)]
    moment: NonEmptyText

    _blank = field_validator("client", "setting", "moment")(_not_blank)

    @field_validator("modality")
    @classmethod
    def _modality(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).modalities), "modality")
        return value


class ExemplaryResponse(_Strict):
    text: NonEmptyText
    strategy: str
    stage: int | None = None
    why: NonEmptyText

    _blank = field_validator("text", "why")(_not_blank)

    @field_validator("strategy")
    @classmethod
    def _strategy(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).strategies), "strategy")
        return value

    @field_validator("stage")
    @classmethod
    def _stage(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None:
            _one_of(value, list(_taxonomy(info).stages), "stage of the four-stage model")
        return value


class PoorResponse(_Strict):
    text: NonEmptyText
    pull: str
    why: NonEmptyText

    _blank = field_validator("text", "why")(_not_blank)

    @field_validator("pull")
    @classmethod
    def _pull(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).pulls), "pull")
        return value


class Vignette(_Strict):
    """One client statement with its label, context, model responses and rationale."""

    id: Annotated[str, Field(pattern=_ID_PATTERN, max_length=64)]
    pool: str
    family: str
    subtype: str
    salience: Annotated[int, Field(ge=1, le=5)]
    difficulty: str
    context: Context
    client_statement: NonEmptyText
    exemplary_responses: Annotated[list[ExemplaryResponse], Field(min_length=2)]
    poor_responses: Annotated[list[PoorResponse], Field(min_length=2)]
    rationale: NonEmptyText
    citations: Annotated[list[str], Field(min_length=1)]
    tags: list[str] = []

    _blank = field_validator("client_statement", "rationale")(_not_blank)

    @field_validator("tags")
    @classmethod
    def _tags(cls, value: list[str], info: ValidationInfo) -> list[str]:
        for tag in value:
            _one_of(tag, list(_taxonomy(info).tags), "tag")
        if len(set(value)) != len(value):
            raise PydanticCustomError("repeated_tag", "a tag is listed twice")
        return value

    @field_validator("pool")
    @classmethod
    def _pool(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).pools), "pool")
        return value

    @field_validator("family")
    @classmethod
    def _family(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).families), "family")
        return value

    @field_validator("subtype")
    @classmethod
    def _subtype(cls, value: str, info: ValidationInfo) -> str:
        family = info.data.get("family")
        subtypes = _taxonomy(info).subtypes.get(family) if family else None
        if subtypes is not None:
            _one_of(value, list(subtypes), f"subtype of {family}")
        return value

    @field_validator("difficulty")
    @classmethod
    def _difficulty(cls, value: str, info: ValidationInfo) -> str:
        _one_of(value, list(_taxonomy(info).difficulties), "difficulty")
        return value

    @field_validator("rationale")
    @classmethod
    def _rationale(cls, value: str) -> str:
        if len(_SENTENCE_END.findall(value.strip())) < 2:
            raise PydanticCustomError(
                "rationale_too_short",
                "the rationale needs at least two sentences naming the features that justify the label",
            )
        return value

    @field_validator("citations")
    @classmethod
    def _citations(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = info.context["citation_keys"]
        unknown = [key for key in value if key not in known]
        if unknown:
            raise PydanticCustomError(
                "unknown_citation",
                "unknown citation key(s) {unknown}; add them to data/bibliography.yaml or use one of its keys",
                {"unknown": ", ".join(unknown)},
            )
        if len(set(value)) != len(value):
            raise PydanticCustomError("repeated_citation", "a citation key is listed twice")
        return value

    @model_validator(mode="after")
    def _stages_fit_strategies(self, info: ValidationInfo) -> "Vignette":
        """Stages belong to exploratory work on a rupture (the four-stage model); immediate
        strategies, safety moves and MI skills carry none. A single statement is a fresh marker,
        so no exemplar in the bank jumps to wishes and fears (stage 4): that is practised over
        turns, in the scenarios."""
        taxonomy = _taxonomy(info)
        rupture = taxonomy.is_rupture(self.family)
        for i, response in enumerate(self.exemplary_responses):
            approach = taxonomy.strategies[response.strategy].get("approach")
            if not rupture:
                if response.stage is not None:
                    raise PydanticCustomError(
                        "stage_not_applicable",
                        "must be left out: the four-stage model applies to ruptures, and this "
                        "item's family is {family}",
                        {"i": i, "family": self.family},
                    )
            elif approach == "exploratory" and response.stage is None:
                raise PydanticCustomError(
                    "stage_missing",
                    "required for an exploratory strategy: say where in the four-stage model "
                    "this response belongs (1-3)",
                    {"i": i},
                )
            elif approach != "exploratory" and response.stage is not None:
                raise PydanticCustomError(
                    "stage_not_for_immediate",
                    "must be left out: '{strategy}' is an immediate strategy, and stages belong "
                    "to exploratory work only",
                    {"i": i, "strategy": response.strategy},
                )
            elif response.stage == 4:
                raise PydanticCustomError(
                    "stage_four_too_soon",
                    "stage 4 (wishes and fears) is not a first reply to a fresh marker; use "
                    "stage 1-3 here and practise stage 4 in a scenario",
                    {"i": i},
                )
        return self

    @model_validator(mode="after")
    def _tags_are_honoured(self) -> "Vignette":
        """A tag is a promise about the responses: safety first where there is risk, and the
        difference named where it is part of the rupture."""
        strategies = {r.strategy for r in self.exemplary_responses}
        if "risk" in self.tags and "attend_to_risk" not in strategies:
            raise PydanticCustomError(
                "risk_not_addressed",
                "an item tagged 'risk' needs an exemplary response that puts safety first "
                "(strategy attend_to_risk)",
            )
        if "culture_difference" in self.tags and "broach_difference" not in strategies:
            raise PydanticCustomError(
                "difference_not_addressed",
                "an item tagged 'culture_difference' needs an exemplary response that addresses "
                "the difference (strategy broach_difference)",
            )
        return self

    # Convenience for the rest of the code -------------------------------------------------

    @property
    def is_assessment(self) -> bool:
        return self.pool != "practice"
