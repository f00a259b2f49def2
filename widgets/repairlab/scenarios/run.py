"""Playing a scenario without widgets: the state of one attempt, its choices and drafts.

The widget, the command line (``repairlab scenarios play``), the grader and the tests all go
through ``ScenarioRun``, so the rules of play live in one place. Options are numbered in the
order the author wrote them; the widget shuffles only what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from repairlab.scenarios.schema import Ending, Node, Scenario


@dataclass(frozen=True)
class Turn:
    node: str
    option: int  # index into the node's options, in authored order
    draft: str = ""
    reaction: str = ""  # the learner's optional reaction check at this turn


@dataclass
class ScenarioRun:
    scenario: Scenario
    turns: list[Turn] = field(default_factory=list)

    @property
    def position(self) -> str:
        """The node the learner is at, or the ending reached."""
        key = self.scenario.start
        for turn in self.turns:
            key = self.scenario.nodes[turn.node].options[turn.option].next
        return key

    @property
    def node(self) -> Node | None:
        return self.scenario.nodes.get(self.position)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self.position)

    @property
    def finished(self) -> bool:
        return self.ending is not None

    def choose(self, option: int, draft: str = "", reaction: str = "") -> str:
        """Take option ``option`` (0-based, authored order) at the current node; return where it leads."""
        node = self.node
        if node is None:
            raise ValueError(f"the scenario has already ended ({self.position}); go back to a turn to try another path")
        if not 0 <= option < len(node.options):
            raise ValueError(f"turn {len(self.turns) + 1} ({self.position}) has options 1-{len(node.options)}, "
                             f"not {option + 1}")
        self.turns.append(Turn(self.position, option, draft.strip(), reaction))
        return self.position

    def back(self, turn: int) -> None:
        """Return to turn ``turn`` (0 = the first client turn), keeping the choices before it."""
        if not 0 <= turn <= len(self.turns):
            raise ValueError(f"there is no turn {turn + 1} on this path")
        del self.turns[turn:]

    def transcript(self) -> list[dict]:
        rows = []
        for turn in self.turns:
            node = self.scenario.nodes[turn.node]
            option = node.options[turn.option]
            rows.append({"node": turn.node, "stage": node.stage, "markers": list(node.markers),
                         "client": node.client, "draft": turn.draft, "reaction": turn.reaction,
                         "choice": turn.option + 1, "therapist": option.text, "quality": option.quality,
                         "strategy": option.strategy, "pull": option.pull, "option_stage": option.stage,
                         "why": option.why})
        return rows

    def summary(self) -> dict:
        ending = self.ending
        return {"scenario": self.scenario.id, "choices": [t.option + 1 for t in self.turns],
                "ending": self.position if ending else None, "ending_kind": ending.kind if ending else None,
                "expert_choices": sum(1 for row in self.transcript() if row["quality"] == "expert"),
                "pulls": [row["pull"] for row in self.transcript() if row["pull"]],
                "stages": [row["stage"] for row in self.transcript()]}


def play(scenario: Scenario, choices: list[int]) -> ScenarioRun:
    """Follow ``choices`` (1-based, authored order) from the start; raises ``ValueError`` on a bad choice."""
    run = ScenarioRun(scenario)
    for choice in choices:
        run.choose(choice - 1)
    return run
