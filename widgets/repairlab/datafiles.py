"""Schemas for the curriculum's smaller data files, checked like the vignette bank.

``taxonomy.yaml``, ``practice/reaction_form.yaml`` and ``feedback/cues.yaml`` used to be read as raw dicts, so a typo
(a comma inside an unquoted definition once split it into a stray key) went unnoticed. Each is
now validated on load, and a problem is reported as ``file:line: field ...: message``, the same
way ``repairlab validate`` reports a vignette.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from repairlab.bank.loader import _field_path
from repairlab.bank.yamlsource import read_document
from repairlab.errors import RepairlabError

Text = Annotated[str, Field(min_length=1)]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_]*$")]
M = TypeVar("M", bound=BaseModel)


class DataFileError(RepairlabError):
    """A data file is missing or malformed; the message names the file, line and field."""

    title = "A curriculum data file could not be read"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# The taxonomy -------------------------------------------------------------------------------

class Entry(_Strict):
    label: Text
    definition: str = ""


class FamilySpec(Entry):
    sources: list[str] = []
    rupture: bool = False
    opens_scenario: bool = False


class SubtypeSpec(Entry):
    group: str | None = None


class GroupSpec(Entry):
    source: str = ""


class StrategySpec(Entry):
    kind: Key
    approach: str | None = None


class TaxonomyFile(_Strict):
    families: dict[Key, FamilySpec]
    subtypes: dict[Key, dict[Key, SubtypeSpec]]
    subtype_groups: dict[Key, GroupSpec] = {}
    difficulties: dict[Key, Entry]
    pools: dict[Key, Entry]
    modalities: dict[Key, Entry]
    stages: dict[Annotated[int, Field(ge=1, le=4)], Entry]
    strategies: dict[Key, StrategySpec]
    pulls: dict[Key, Entry]
    tags: dict[Key, Entry] = {}
    ethnicity_groups: dict[Key, Entry] = {}
    genders: dict[Key, Entry] = {}

    @model_validator(mode="after")
    def _consistent(self) -> "TaxonomyFile":
        unknown = sorted(set(self.subtypes) - set(self.families))
        if unknown:
            raise ValueError(f"subtypes are listed for unknown families {unknown}")
        for family, subs in self.subtypes.items():
            for key, spec in subs.items():
                if spec.group is not None and spec.group not in self.subtype_groups:
                    raise ValueError(f"subtype {family}/{key} names an unknown group {spec.group!r}")
        for key, spec in self.strategies.items():
            if spec.approach not in (None, "immediate", "exploratory"):
                raise ValueError(f"strategy {key}: approach must be immediate or exploratory")
        return self


# The reaction form ---------------------------------------------------------------------------

class ChallengeSpec(_Strict):
    label: Text
    signs: Text
    advice: Text
    adjust: Annotated[int, Field(ge=-1, le=1)]


class FeelingSpec(_Strict):
    label: Text
    low: Text
    high: Text


class ReactionForm(_Strict):
    challenge: dict[Key, ChallengeSpec]
    feelings: dict[Key, FeelingSpec]
    stance: dict[Key, Entry]
    scale_max: Annotated[int, Field(ge=1, le=10)]
    quick: dict[Key, Text]


# The feedback cues ---------------------------------------------------------------------------

def _regex(value: str) -> str:
    import re

    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


Regex = Annotated[str, AfterValidator(_regex)]


class CueSpec(_Strict):
    label: Text
    patterns: list[Regex] = []
    cap: Annotated[float, Field(ge=0, le=1)] | None = None
    factor: Annotated[float, Field(ge=0, le=1)] | None = None
    whole_sentence: bool = False


class CuesFile(_Strict):
    moves: dict[Key, CueSpec]
    pulls: dict[Key, CueSpec]
    feeling_words: str = ""
    guard_settings: dict[Key, float]
    contrast: Regex
    empathic: Regex
    process: Regex
    reflection_stems: list[Regex]
    complex_markers: list[Regex]
    complex_min_content_words: Annotated[int, Field(ge=0)]
    simple_overlap_threshold: Annotated[float, Field(ge=0, le=1)]
    ignore_overlap_threshold: Annotated[float, Field(ge=0, le=1)]
    messages: dict[Key, Text | dict[Key, Text]]  # "try" holds one suggestion per pull


# Safety first --------------------------------------------------------------------------------

class SafetyFile(_Strict):
    asks_about_risk: Annotated[list[Regex], Field(min_length=1)]
    missed: Text
    met: Text


# Loading -------------------------------------------------------------------------------------

def load_data_file(path: Path, model: type[M]) -> M:
    """Read and check one data file; raises ``DataFileError`` listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"{path}: the data file is missing. Restore it from the repository or reinstall "
                            "repairlab; nothing else was changed.")
    source = read_document(path)
    if source.issues:
        raise DataFileError("\n".join(str(issue) for issue in source.issues))
    try:
        return model.model_validate(source.data)
    except ValidationError as error:
        problems = []
        for err in error.errors(include_url=False):
            field = _field_path(tuple(err["loc"])) or None
            line = source.line_of(field)
            message = "is required but missing" if err["type"] == "missing" else err["msg"]
            where = f"{path}:{line}" if line else str(path)
            problems.append(f"{where}: field {field}: {message}" if field else f"{where}: {message}")
        raise DataFileError("\n".join(problems)) from None
