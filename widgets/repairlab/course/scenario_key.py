"""A scenario split in two for a graded assignment: what the student plays, and the key.

The student's copy (in ``items.json``) has the client's words, the options' words and where
each option leads, under opaque keys, in a shuffled order: no scenario id, no node ids, no
quality, strategy, pull, stage or explanation, and no ending's kind or debrief, so nothing
released says which options are the expert ones. The key (in ``keys/``, never released) maps
the opaque keys back and holds what grading needs, so a graded course does not change when the
scenario file is later edited.
"""

from __future__ import annotations

import random

from repairlab.bank.taxonomy import Taxonomy
from repairlab.scenarios import Scenario, expert_path

ENDING_POINTS = {"resolved": 2.0, "partly_resolved": 1.0, "unresolved": 0.0, "deepened": 0.0}
MOVE_POINTS = {"expert": 1.0, "workable": 0.5, "poor": 0.0}


def scenario_points(scenario: Scenario) -> float:
    """One point for each turn of the expert path, and two for a resolved ending."""
    return float(len(expert_path(scenario))) + ENDING_POINTS["resolved"]


def split_scenario(scenario: Scenario, question: str, seed: str, taxonomy: Taxonomy) -> tuple[dict, dict]:
    rng = random.Random(f"{seed}:{question}")
    node_ids = list(scenario.nodes)
    rng.shuffle(node_ids)
    ending_ids = list(scenario.endings)
    rng.shuffle(ending_ids)
    opaque = {real: f"{question}t{n:02d}" for n, real in enumerate(node_ids, 1)}
    opaque |= {real: f"{question}e{n:02d}" for n, real in enumerate(ending_ids, 1)}

    turns, options_key = {}, {}
    for real in node_ids:
        node = scenario.nodes[real]
        shown = []
        order = list(range(len(node.options)))
        rng.shuffle(order)
        for index in order:
            option = node.options[index]
            key = f"{question}o{rng.getrandbits(32):08x}"
            shown.append({"key": key, "text": option.text, "next": opaque[option.next]})
            options_key[key] = {"node": real, "index": index, "quality": option.quality,
                                "pull": option.pull, "next": option.next}
        turns[opaque[real]] = {"client": node.client, "options": shown}
    c = scenario.context
    public = {"key": question, "kind": "scenario", "title": scenario.title,
              "context": {"client": c.client, "setting": c.setting, "session": c.session, "moment": c.moment},
              "modality_label": taxonomy.modalities[c.modality].label, "start": opaque[scenario.start],
              "turns": dict(sorted(turns.items())),
              "endings": {opaque[real]: {"client": scenario.endings[real].client} for real in sorted(ending_ids,
                                                                                                    key=opaque.get)}}
    key = {"scenario": scenario.id, "start": scenario.start, "expert_turns": len(expert_path(scenario)),
           "points": scenario_points(scenario), "options": options_key,
           "turns": {o: r for r, o in opaque.items() if r in scenario.nodes},
           "endings": {r: {"kind": e.kind, "shown_as": opaque[r], "debrief": e.debrief, "try_next": e.try_next}
                       for r, e in scenario.endings.items()}}
    return public, key
