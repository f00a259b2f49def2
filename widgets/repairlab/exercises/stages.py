"""Stage sequencing: name the stage of a therapist move, or place moves in the four-stage model.

The moves are the bank's exemplary responses to ruptures, each tagged with its stage, so the
exercise grows with the bank. Only exploratory strategies carry a stage: the four-stage model
describes exploratory resolution, and immediate strategies (clarifying, changing the task,
giving a rationale, refocusing) belong to none. A single statement is a fresh marker, so the
bank holds no stage-4 replies; the exercise places one move from each stage the bank holds.
"""

from __future__ import annotations

import random

import ipywidgets as w
from traitlets import Bool, Dict

from repairlab.html import STYLE, e, verdict
from repairlab.session import Session, current_session


def _rupture_moves(bank):
    strategies = bank.taxonomy.strategies
    return [(item, r) for item in bank.practice_items() if bank.taxonomy.is_rupture(item.family)
            for r in item.exemplary_responses if strategies[r.strategy].get("approach") == "exploratory"]


class StageSequence(w.VBox):
    """One move from each stage the bank holds (from different clients): assign each its stage."""

    checked = Bool(False).tag(sync=False)
    result = Dict().tag(sync=False)

    def __init__(self, session: Session | None = None, seed: int | None = None, **kwargs):
        self.session = session or current_session()
        taxonomy = self.session.bank.taxonomy
        rng = random.Random(seed)
        moves = _rupture_moves(self.session.bank)
        self.moves = []
        for stage in taxonomy.stages:
            candidates = [m for m in moves if m[1].stage == stage]
            if candidates:
                self.moves.append(rng.choice(candidates))
        rng.shuffle(self.moves)
        intro = "".join(f"<li><strong>Stage {k}: {e(v.label)}.</strong> {e(v.definition)}</li>"
                        for k, v in taxonomy.stages.items())
        self.header = w.HTML(f"{STYLE}<div class='rl-card'><p><strong>The four-stage model.</strong> Give each "
                             f"therapist move the stage where it belongs.</p><ol>{intro}</ol></div>")
        self.pickers = []
        rows = []
        for i, (item, response) in enumerate(self.moves, start=1):
            card = w.HTML(f"<div class='rl-card'><p class='rl-muted'>Client: \u201c{e(item.client_statement)}\u201d</p>"
                          f"<p><strong>Move {i}.</strong> \u201c{e(response.text)}\u201d</p></div>")
            picker = w.Dropdown(options=[("Choose a stage", None)] + [(f"Stage {k}: {v.label}", k)
                                for k, v in taxonomy.stages.items()], value=None, description=f"Move {i} is",
                                style={"description_width": "initial"}, layout=w.Layout(width="auto"))
            self.pickers.append(picker)
            rows.append(w.VBox([card, picker]))
        self.check = w.Button(description="Check stages", layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        self.check.on_click(self._check)
        super().__init__([self.header, *rows, self.check, self.feedback], **kwargs)

    def answer(self, stages: list[int]) -> dict:
        for picker, stage in zip(self.pickers, stages):
            picker.value = stage
        self._check()
        return self.result

    def _check(self, button=None) -> None:
        taxonomy = self.session.bank.taxonomy
        right = 0
        notes = []
        for i, (picker, (item, response)) in enumerate(zip(self.pickers, self.moves), start=1):
            ok = picker.value == response.stage
            right += ok
            mark = "\u2714 right" if ok else f"\u2716 it is stage {response.stage}"
            notes.append(f"<li><strong>Move {i}: {mark}</strong> ({e(taxonomy.stages[response.stage].label)}). "
                         f"{e(response.why)}</li>")
        self.result = {"right": right, "total": len(self.moves)}
        body = f"<ol>{''.join(notes)}</ol>"
        self.feedback.value = verdict(right == len(self.moves), f"{right} of {len(self.moves)} stages placed", body)
        self.checked = True
