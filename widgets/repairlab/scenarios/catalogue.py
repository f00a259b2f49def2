"""Read the scenario files, check them, and hand typed scenarios to the rest of the code.

``check_scenarios`` never raises: it returns what loaded and every problem, each naming the
file, the line, the scenario, and the field (``nodes.n3.options[1].next``), which is what
``repairlab validate`` prints. ``load_scenarios`` raises ``BankError`` if anything is wrong,
because a half-loaded set would silently drop a path from an assignment.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from repairlab import paths
from repairlab.bank.bibliography import load_bibliography
from repairlab.bank.cache import cached
from repairlab.bank.issues import BankError, BankIssue
from repairlab.bank.loader import _field_path
from repairlab.bank.taxonomy import Taxonomy, load_taxonomy
from repairlab.bank.yamlsource import read_document
from repairlab.scenarios.graph import problems
from repairlab.scenarios.schema import Scenario

def scenarios_dir() -> Path:
    return paths.scenarios_dir()


def scenario_files(targets: Iterable[Path] | None = None) -> list[Path]:
    files: list[Path] = []
    for target in [Path(t) for t in (targets if targets is not None else [scenarios_dir()])]:
        if target.is_dir():
            files.extend(sorted(p for p in target.rglob("*") if p.suffix in (".yaml", ".yml")))
        elif target.exists() or target.suffix in (".yaml", ".yml"):
            files.append(target)
    return files


def is_scenario_file(path: Path) -> bool:
    """A scenario file is one mapping with ``nodes``; a vignette file has ``items``."""
    source = read_document(path)
    return isinstance(source.data, dict) and "nodes" in source.data and "items" not in source.data


def _message(err: dict) -> str:
    if err["type"] == "missing":
        return "is required but missing"
    if err["type"] == "extra_forbidden":
        return "is not a field here (see data/scenarios/AUTHORING.md)"
    return err["msg"]


def check_scenarios(files: Iterable[Path] | None = None, *, taxonomy: Taxonomy | None = None,
                    citation_keys: Iterable[str] | None = None) -> tuple[dict[str, Scenario], list[BankIssue]]:
    taxonomy = taxonomy or load_taxonomy()
    keys = set(citation_keys) if citation_keys is not None else set(load_bibliography())
    context = {"taxonomy": taxonomy, "citation_keys": keys}
    scenarios: dict[str, Scenario] = {}
    origin: dict[str, Path] = {}
    issues: list[BankIssue] = []
    for file in scenario_files(files):
        source = read_document(file)
        issues.extend(source.issues)
        if source.data is None:
            continue
        raw_id = source.data.get("id")
        name = raw_id if isinstance(raw_id, str) and raw_id else f"(no id in {file.name})"
        if name in origin:
            issues.append(BankIssue(file, f"duplicate scenario id: already used in {origin[name]}", item=name,
                                    field="id", line=source.line_of("id")))
            continue
        origin[name] = file
        try:
            scenario = Scenario.model_validate(source.data, context=context)
        except ValidationError as error:
            for err in error.errors(include_url=False):
                loc = tuple(err["loc"])
                field = _field_path(loc) or None
                if err["type"] == "stage_missing" or err["type"] == "stage_not_for_immediate":
                    field = f"{field}.stage"
                issues.append(BankIssue(file, _message(err), item=name, field=field, line=source.line_of(field)))
            continue
        found = problems(scenario)
        for problem in found:
            issues.append(BankIssue(file, problem.message, item=name, field=problem.field,
                                    line=source.line_of(problem.field)))
        if not found:
            scenarios[scenario.id] = scenario
    return scenarios, issues


@dataclass(frozen=True)
class ScenarioSet:
    scenarios: dict[str, Scenario]

    def __iter__(self):
        return iter(self.scenarios.values())

    def __len__(self) -> int:
        return len(self.scenarios)

    def __contains__(self, scenario_id: str) -> bool:
        return scenario_id in self.scenarios

    def get(self, scenario_id: str) -> Scenario:
        try:
            return self.scenarios[scenario_id]
        except KeyError:
            raise KeyError(f"no scenario {scenario_id!r}; known: {', '.join(self.scenarios)}") from None


def load_scenarios(files: Iterable[Path] | None = None) -> ScenarioSet:
    """The checked scenarios, kept between page loads like the bank (``bank/cache.py``): a page with
    three scenario menus, or the practice lab, would otherwise parse every file on each load."""
    chosen = scenario_files(files)

    def build() -> ScenarioSet:
        scenarios, issues = check_scenarios(chosen)
        if issues:
            raise BankError(issues, what="the scenarios")
        return ScenarioSet(dict(sorted(scenarios.items())))

    sources = [*chosen, paths.taxonomy_file(), paths.bibliography_file()]
    return cached(sources, build, kind="scenarios", code=[Path(__file__).parent])
