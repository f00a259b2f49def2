"""The course description (``instructor/course.yaml``) and the grading rubric, as typed data.

An instructor changes the course by editing data: which bank items each assignment uses, its
introduction, its written reflections, and extra vignette files of their own. ``repairlab course
build`` turns this into nbgrader source notebooks. Errors name the file and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from repairlab.errors import RepairlabError
from repairlab import paths

Name = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reflection(_Strict):
    """A written answer graded by hand (an nbgrader manually graded answer cell)."""

    prompt: Text
    points: Annotated[int, Field(ge=1, le=20)] = 4


class AssignmentSpec(_Strict):
    name: Name
    title: Text
    minutes: Annotated[int, Field(ge=1)]
    intro: Text
    classify: list[str] = []
    form: Literal["form_a", "form_b"] | None = None
    # With a form: also draft responses to this many of its rupture statements, graded by hand.
    # The two forms are matched on family and difficulty, so the same choice on each gives a
    # before-and-after measure of responding beside the one of recognising.
    form_drafts: Annotated[int, Field(ge=0, le=6)] = 0
    ask_stance: bool = False
    drafts: list[str] = []
    scenarios: list[str] = []  # scenario ids from data/scenarios/: the path is autograded, drafts by hand
    reflections: list[Reflection] = []
    reaction: bool = True

    @model_validator(mode="after")
    def _has_work(self) -> "AssignmentSpec":
        if self.form_drafts and not self.form:
            raise ValueError("'form_drafts' needs a 'form'")
        if self.form and self.classify:
            raise ValueError("give either 'form' (a whole assessment form) or 'classify' (a list of ids), not both")
        if not (self.form or self.classify or self.drafts or self.scenarios or self.reflections):
            raise ValueError("an assignment needs at least one of: classify, form, drafts, scenarios, reflections")
        return self


class CourseSpec(_Strict):
    course_id: Name
    title: Text
    vignettes: list[str] = []
    assignments: list[AssignmentSpec]

    @model_validator(mode="after")
    def _unique(self) -> "CourseSpec":
        names = [a.name for a in self.assignments]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"assignment names must be unique; repeated: {', '.join(duplicates)}")
        return self

    def assignment(self, name: str) -> AssignmentSpec:
        for spec in self.assignments:
            if spec.name == name:
                return spec
        raise KeyError(f"no assignment {name!r} in the course; known: {', '.join(a.name for a in self.assignments)}")


class Anchor(_Strict):
    score: Annotated[int, Field(ge=0)]
    description: Text


class Criterion(_Strict):
    key: Name
    title: Text
    source: Text
    anchors: list[Anchor]

    @model_validator(mode="after")
    def _anchors(self) -> "Criterion":
        scores = [a.score for a in self.anchors]
        if scores != list(range(len(scores))) or len(scores) < 2:
            raise ValueError("anchors must score 0, 1, 2, ... in order")
        return self

    @property
    def max_score(self) -> int:
        return self.anchors[-1].score


class Rubric(_Strict):
    title: Text
    instructions: Text
    criteria: list[Criterion]
    citations: list[str]

    @property
    def points(self) -> int:
        return sum(c.max_score for c in self.criteria)


class SpecError(RepairlabError):
    """A course or rubric file that cannot be used; the message names the file and field."""


def _load(path: Path, model: type[BaseModel]):
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SpecError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        raise SpecError(f"{path}: not valid YAML: {exc}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        lines = []
        for err in error.errors(include_url=False):
            where = ".".join(str(p) for p in err["loc"]) or "(top level)"
            lines.append(f"{path}: field {where}: {err['msg']}")
        raise SpecError("\n".join(lines)) from None


def load_course(path: Path) -> CourseSpec:
    return _load(path, CourseSpec)


def load_rubric(path: Path | None = None) -> Rubric:
    return _load(path or paths.rubric_file(), Rubric)
