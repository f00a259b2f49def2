"""Rules about a scenario as a whole: where its paths go and what they reach.

The schema checks each field; these checks need the whole graph. ``problems`` returns what
makes a scenario unplayable or wrong (the validator's errors), each with the field an author
has to change. ``audit`` returns facts a reviewer and the content tests count (how many client
turns, the highest stage reachable, whether a pull can deepen the rupture and still be repaired).
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass

from repairlab.bank.taxonomy import Taxonomy, load_taxonomy
from repairlab.scenarios.schema import Scenario

@dataclass(frozen=True)
class Problem:
    field: str
    message: str


def _successors(scenario: Scenario, key: str) -> list[str]:
    node = scenario.nodes.get(key)
    return [option.next for option in node.options] if node else []


def reachable(scenario: Scenario, start: str | None = None) -> set[str]:
    """Every node and ending that some path from ``start`` reaches."""
    seen: set[str] = set()
    queue = deque([start or scenario.start])
    while queue:
        key = queue.popleft()
        if key in seen or (key not in scenario.nodes and key not in scenario.endings):
            continue
        seen.add(key)
        queue.extend(_successors(scenario, key))
    return seen


def problems(scenario: Scenario) -> list[Problem]:
    found: list[Problem] = []
    nodes, endings = scenario.nodes, scenario.endings
    for key in sorted(set(nodes) & set(endings)):
        found.append(Problem(f"endings.{key}", f"'{key}' is both a node and an ending; give them different ids"))
    if scenario.start not in nodes:
        found.append(Problem("start", f"'{scenario.start}' is not a node; nodes: {', '.join(nodes)}"))
        return found

    for key, node in nodes.items():
        for i, option in enumerate(node.options):
            if option.next not in nodes and option.next not in endings:
                found.append(Problem(f"nodes.{key}.options[{i}].next",
                                     f"'{option.next}' is neither a node nor an ending "
                                     f"(nodes: {', '.join(nodes)}; endings: {', '.join(endings)})"))
            if option.stage == 4 and node.stage < 2:
                found.append(Problem(f"nodes.{key}.options[{i}].stage",
                                     f"a stage-4 (wish and fear) option at a turn the exchange has only "
                                     f"brought to stage {node.stage}: explore the rupture first (stage 2)"))
        if node.risk and node.expert.strategy != "attend_to_risk":
            found.append(Problem(f"nodes.{key}.options",
                                 "this turn discloses risk, so the expert option puts safety first "
                                 "(strategy attend_to_risk)"))

    first = nodes[scenario.start]
    opening = f"{scenario.opening.family}/{scenario.opening.subtype}"
    if opening not in first.markers:
        found.append(Problem(f"nodes.{scenario.start}.markers",
                             f"the first turn must show the opening marker {opening}"))

    seen = reachable(scenario)
    for key in nodes:
        if key not in seen:
            found.append(Problem(f"nodes.{key}", "cannot be reached from start"))
    for key in endings:
        if key not in seen:
            found.append(Problem(f"endings.{key}", "cannot be reached from start"))
    for key in nodes:
        if key in seen and not (reachable(scenario, key) & set(endings)):
            found.append(Problem(f"nodes.{key}", "no path from this turn reaches an ending "
                                                 "(a dead end or a loop with no exit)"))

    if "risk" in scenario.tags and not any(node.risk for node in nodes.values()):
        found.append(Problem("tags", "tagged 'risk' but no turn has 'risk: true'"))
    if any(node.risk for node in nodes.values()) and "risk" not in scenario.tags:
        found.append(Problem("tags", "a turn discloses risk: add 'risk' to the tags"))
    strategies = {option.strategy for node in nodes.values() for option in node.options}
    if "culture_difference" in scenario.tags and "broach_difference" not in strategies:
        found.append(Problem("tags", "tagged 'culture_difference' but no option addresses the difference "
                                     "(strategy broach_difference)"))
    return found


def expert_path(scenario: Scenario) -> list[tuple[str, int]]:
    """The (node, option index) pairs met by always choosing the expert option."""
    path: list[tuple[str, int]] = []
    key, seen = scenario.start, set()
    while key in scenario.nodes and key not in seen:
        seen.add(key)
        node = scenario.nodes[key]
        index = node.options.index(node.expert)
        path.append((key, index))
        key = node.options[index].next
    return path


def expert_ending(scenario: Scenario) -> str | None:
    path = expert_path(scenario)
    if not path:
        return None
    key, index = path[-1]
    last = scenario.nodes[key].options[index].next
    return last if last in scenario.endings else None


def all_paths(scenario: Scenario) -> list[list[tuple[str, int]]]:
    """Every path from start that ends at an ending without visiting a node twice.

    A choice that loops back to a node already on the path is a path the walk has already
    covered from that node onward, so it is not followed again."""
    out: list[list[tuple[str, int]]] = []

    def walk(key: str, path: list[tuple[str, int]], on_path: set[str]) -> None:
        node = scenario.nodes[key]
        for index, option in enumerate(node.options):
            step = path + [(key, index)]
            if option.next in scenario.endings:
                out.append(step)
            elif option.next in scenario.nodes and option.next not in on_path:
                walk(option.next, step, on_path | {option.next})

    walk(scenario.start, [], {scenario.start})
    return out


def audit(scenario: Scenario, taxonomy: Taxonomy | None = None) -> dict:
    """Facts the content rules in AUTHORING.md ask for, computed from the graph."""
    seen = reachable(scenario)
    live = [key for key in scenario.nodes if key in seen]
    good_endings = {k for k, e in scenario.endings.items() if e.kind in ("resolved", "partly_resolved")}

    strains = set((taxonomy or load_taxonomy()).scenario_families())

    def rupture(key: str) -> bool:
        return any(m.split("/")[0] in strains for m in scenario.nodes[key].markers)

    moves_away = [k for k in live if scenario.nodes[k].stage == 3 and rupture(k)]
    deepen_then_repair = []
    for key in live:
        for option in scenario.nodes[key].options:
            target = option.next
            if (option.quality == "poor" and option.pull and target in scenario.nodes and rupture(target)
                    and reachable(scenario, target) & good_endings):
                deepen_then_repair.append((key, target))
    ending_key = expert_ending(scenario)
    return {
        "client_nodes": len(scenario.nodes),
        "highest_stage": max((scenario.nodes[k].stage for k in live), default=0),
        "endings": dict(Counter(e.kind for e in scenario.endings.values())),
        "expert_ending": scenario.endings[ending_key].kind if ending_key else None,
        "stage3_moves_away": moves_away,
        "pull_deepens_then_repair": deepen_then_repair,
        "risk_turns": [k for k in live if scenario.nodes[k].risk],
    }
