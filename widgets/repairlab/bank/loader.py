"""Load vignette files into typed ``Vignette`` objects, collecting every problem on the way.

``check_paths`` never raises: it returns what loaded and what is wrong, which is what
``repairlab validate`` prints. ``load_bank`` is for the rest of the code: it raises
``BankError`` (with every problem) if anything is wrong, because a half-loaded bank would
quietly drop items from drills and assessments.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from repairlab import paths as default_paths
from repairlab.bank.bank import Bank
from repairlab.bank.bibliography import load_bibliography
from repairlab.bank.cache import cached
from repairlab.bank.issues import BankError, BankIssue
from repairlab.bank.schema import Vignette
from repairlab.bank.taxonomy import Taxonomy, load_taxonomy
from repairlab.bank.yamlsource import SourceFile, read_source

_CROSS_FIELD = {"stage_missing", "stage_not_applicable", "stage_not_for_immediate", "stage_four_too_soon"}
_TAG_RULES = {"risk_not_addressed", "difference_not_addressed"}


def vignette_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into the YAML files below them, in a stable order."""
    files: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml")))
        else:
            files.append(path)
    return files


def _field_path(loc: tuple) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _issues_from(error: ValidationError, source: SourceFile, index: int, item_name: str) -> list[BankIssue]:
    found = []
    for err in error.errors(include_url=False):
        loc = tuple(err["loc"])
        if err["type"] in _CROSS_FIELD:
            loc = ("exemplary_responses", err["ctx"]["i"], "stage")
        elif err["type"] in _TAG_RULES:
            loc = ("tags",)
        field = _field_path(loc) or None
        message = err["msg"]
        if err["type"] == "missing":
            message = "is required but missing"
        elif err["type"] == "extra_forbidden":
            message = "is not a field of a vignette (see AUTHORING.md for the fields)"
        elif err["type"].endswith("_type") or err["type"].endswith("_parsing"):
            shown = repr(err.get("input"))
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            message = f"{message}, not {type(err.get('input')).__name__} {shown}"
        found.append(
            BankIssue(source.path, message, item=item_name, field=field, line=source.line_of(index, field))
        )
    return found


def check_paths(
    paths: Iterable[Path],
    *,
    taxonomy: Taxonomy | None = None,
    citation_keys: Iterable[str] | None = None,
) -> tuple[list[Vignette], list[BankIssue], dict[str, Path]]:
    """Validate files; return (valid vignettes, problems, id -> file it came from)."""
    paths = [Path(p) for p in paths]
    taxonomy = taxonomy or load_taxonomy()
    keys = set(citation_keys) if citation_keys is not None else set(load_bibliography())
    context = {"taxonomy": taxonomy, "citation_keys": keys}

    vignettes: list[Vignette] = []
    issues: list[BankIssue] = []
    origin: dict[str, Path] = {}
    files = vignette_files(paths)
    if not files:
        issues.append(BankIssue(Path(", ".join(str(p) for p in paths) or "."), "no vignette files (*.yaml) found"))
    for file in files:
        source = read_source(file)
        issues.extend(source.issues)
        for index, raw in enumerate(source.items):
            raw_id = raw.get("id") if isinstance(raw, dict) else None
            item_name = str(raw_id) if isinstance(raw_id, str) and raw_id else f"#{index + 1} (no id)"
            if not isinstance(raw, dict):
                issues.append(
                    BankIssue(file, "each item must be a mapping of fields", item=item_name,
                              line=source.line_of(index, None))
                )
                continue
            if isinstance(raw_id, str) and raw_id in origin:
                issues.append(
                    BankIssue(file, f"duplicate id: already used in {origin[raw_id]}", item=item_name,
                              field="id", line=source.line_of(index, "id"))
                )
                continue
            try:
                vignette = Vignette.model_validate(raw, context=context)
            except ValidationError as error:
                issues.extend(_issues_from(error, source, index, item_name))
                if isinstance(raw_id, str):
                    origin.setdefault(raw_id, file)
                continue
            origin[vignette.id] = file
            vignettes.append(vignette)
    return vignettes, issues, origin


def load_bank(paths: Iterable[Path] | None = None) -> Bank:
    """The bank as typed objects; raises ``BankError`` listing every problem if any file is wrong."""
    paths = list(paths) if paths is not None else [default_paths.vignettes_dir()]

    def build() -> Bank:
        taxonomy = load_taxonomy()
        vignettes, issues, _ = check_paths(paths, taxonomy=taxonomy)
        if issues:
            raise BankError(issues)
        return Bank(vignettes, taxonomy=taxonomy)

    sources = vignette_files(paths) + [default_paths.taxonomy_file(), default_paths.bibliography_file()]
    return cached(sources, build)
