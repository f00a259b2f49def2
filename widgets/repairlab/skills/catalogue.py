"""The skills in ``data/skills/skills.yaml``: one schema, checked against the bank.

Skills are data, like the vignettes, and are read with the bank's own machinery, so a problem
is reported the same way: ``skills.yaml:14: item reflect-marker: field statements.advanced:
...``. A skill names its statements by bank id; each must be a practice item (never an
assessment item) at the difficulty it is listed under, so the three rounds really are graded.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from repairlab import paths
from repairlab.bank import Bank, BankError, BankIssue, load_bank
from repairlab.bank.bibliography import load_bibliography
from repairlab.bank.loader import _field_path
from repairlab.bank.yamlsource import read_source

Text = Annotated[str, Field(min_length=1)]
MIN_PER_LEVEL = 3
MIN_STATEMENTS = 12


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Turn(_Strict):
    speaker: Literal["client", "therapist"]
    text: Text
    note: str = ""  # for a therapist turn: which criterion it shows


class Statements(_Strict):
    beginner: list[str]
    intermediate: list[str]
    advanced: list[str]

    def by_level(self) -> dict[str, list[str]]:
        return {"beginner": self.beginner, "intermediate": self.intermediate, "advanced": self.advanced}


class Skill(_Strict):
    """One skill: what it is, how an observer knows it was done, and what to practise it on."""

    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48)]
    title: Text
    summary: Text
    strategies: Annotated[list[str], Field(min_length=1)]
    criteria: Annotated[list[Text], Field(min_length=3, max_length=5)]
    demonstration: Annotated[list[Turn], Field(min_length=4)]
    statements: Statements
    citations: Annotated[list[str], Field(min_length=1)]

    @field_validator("strategies")
    @classmethod
    def _strategies(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = list(info.context["bank"].taxonomy.strategies)
        for key in value:
            if key not in known:
                raise PydanticCustomError("not_in_taxonomy", "'{value}' is not a strategy; allowed: {allowed}",
                                          {"value": key, "allowed": ", ".join(known)})
        return value

    @field_validator("citations")
    @classmethod
    def _citations(cls, value: list[str], info: ValidationInfo) -> list[str]:
        unknown = [key for key in value if key not in info.context["citation_keys"]]
        if unknown:
            raise PydanticCustomError("unknown_citation", "unknown citation key(s) {unknown}; see data/bibliography.yaml",
                                      {"unknown": ", ".join(unknown)})
        return value

    @field_validator("statements")
    @classmethod
    def _statements(cls, value: Statements, info: ValidationInfo) -> Statements:
        bank: Bank = info.context["bank"]
        seen: set[str] = set()
        for level, ids in value.by_level().items():
            if len(ids) < MIN_PER_LEVEL:
                raise PydanticCustomError("too_few", "{level}: at least {n} statements per difficulty",
                                          {"level": level, "n": MIN_PER_LEVEL})
            for item_id in ids:
                if item_id not in bank:
                    raise PydanticCustomError("unknown_item", "{level}: no vignette {id} in the bank",
                                              {"level": level, "id": item_id})
                item = bank.get(item_id)
                if item.pool != "practice":
                    raise PydanticCustomError("assessment_item", "{level}: {id} is an assessment item ({pool}); "
                                              "skills practise on practice items only",
                                              {"level": level, "id": item_id, "pool": item.pool})
                if item.difficulty != level:
                    raise PydanticCustomError("wrong_level", "{level}: {id} is a {actual} item",
                                              {"level": level, "id": item_id, "actual": item.difficulty})
                if item_id in seen:
                    raise PydanticCustomError("repeated", "{id} is listed twice", {"id": item_id})
                seen.add(item_id)
        if len(seen) < MIN_STATEMENTS:
            raise PydanticCustomError("too_few_total", "at least {n} statements in all", {"n": MIN_STATEMENTS})
        return value

    @model_validator(mode="after")
    def _demonstration_is_a_conversation(self) -> "Skill":
        speakers = [t.speaker for t in self.demonstration]
        if speakers[0] != "client" or "therapist" not in speakers:
            raise PydanticCustomError("demonstration", "the demonstration opens with the client and shows the "
                                      "therapist using the skill")
        return self

    def statement_ids(self, level: str) -> list[str]:
        return self.statements.by_level()[level]


@dataclass(frozen=True)
class SkillSet:
    skills: dict[str, Skill]
    bank: Bank

    def __iter__(self):
        return iter(self.skills.values())

    def __len__(self) -> int:
        return len(self.skills)

    def get(self, skill_id: str) -> Skill:
        try:
            return self.skills[skill_id]
        except KeyError:
            raise KeyError(f"no skill {skill_id!r}; known: {', '.join(self.skills)}") from None


def skills_file() -> Path:
    return paths.skills_file()


def check_skills(files: Iterable[Path] | None = None, bank: Bank | None = None) -> tuple[dict[str, Skill], list[BankIssue]]:
    """Validate skill files; return (valid skills by id, problems). Never raises on bad files."""
    bank = bank or load_bank()
    context = {"bank": bank, "citation_keys": set(load_bibliography())}
    skills: dict[str, Skill] = {}
    issues: list[BankIssue] = []
    for file in [Path(f) for f in (files or [skills_file()])]:
        source = read_source(file)
        issues.extend(source.issues)
        for index, raw in enumerate(source.items):
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            name = str(raw_id) if isinstance(raw_id, str) and raw_id else f"#{index + 1} (no id)"
            if isinstance(raw_id, str) and raw_id in skills:
                issues.append(BankIssue(file, "duplicate skill id", item=name, field="id",
                                        line=source.line_of(index, "id")))
                continue
            try:
                skill = Skill.model_validate(raw, context=context)
            except ValidationError as error:
                for err in error.errors(include_url=False):
                    field = _field_path(tuple(err["loc"])) or None
                    message = "is required but missing" if err["type"] == "missing" else err["msg"]
                    issues.append(BankIssue(file, message, item=name, field=field,
                                            line=source.line_of(index, field)))
                continue
            skills[skill.id] = skill
    return skills, issues


def load_skills(bank: Bank | None = None) -> SkillSet:
    """The skills as typed objects; raises ``BankError`` listing every problem if any is wrong."""
    bank = bank or load_bank()
    skills, issues = check_skills(bank=bank)
    if issues:
        raise BankError(issues)
    return SkillSet(skills, bank)
