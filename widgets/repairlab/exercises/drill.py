"""A drill session in a widget: classify, see feedback, respond, next; a reaction check after
each block that moves the next block (assess and adjust).

Each step practises both halves of the skill: naming what is happening, then saying what you
would say (the draft gets the same feedback as anywhere else, and unlocks the model responses).
The scheduling (difficulty, spacing, the learner's objective first) is
``repairlab.practice.DrillPlan``; this widget only shows it and records each step in the store.
"""

from __future__ import annotations

import uuid

import ipywidgets as w
from traitlets import Int, Unicode

from repairlab.exercises.classify import ClassifyExercise
from repairlab.exercises.draft import DraftExercise
from repairlab.exercises.reaction import ReactionCheck
from repairlab.html import STYLE, e
from repairlab.practice import DrillPlan
from repairlab.practice.objective import current_objective, item_weights
from repairlab.session import Session, current_session


class DrillExercise(w.VBox):
    level = Unicode().tag(sync=False)
    steps_done = Int(0).tag(sync=False)

    def __init__(self, session: Session | None = None, *, level: str = "beginner",
                 families: tuple[str, ...] | None = None, block_size: int = 4, seed: int | None = None,
                 respond: bool = True, **kwargs):
        self.session = session or current_session()
        self.respond = respond
        answers = self.session.store.answers(self.session.learner_id)
        objective = current_objective(self.session.store.journal(self.session.learner_id))
        self.plan = DrillPlan.resume(self.session.bank, answers, level=level, families=families,
                                     block_size=block_size, seed=seed,
                                     weights=item_weights(self.session.bank, objective))
        self.drill_id = uuid.uuid4().hex[:12]
        self.level = self.plan.level
        self.status = w.HTML()
        self.stage = w.VBox()
        self.next_button = w.Button(description="Next statement", layout=w.Layout(width="auto"), disabled=True)
        self.next_button.on_click(lambda _: self.show_next())
        super().__init__([self.status, self.stage, self.next_button], **kwargs)
        self.current: ClassifyExercise | None = None
        self.show_next()

    def _status(self, note: str = "") -> None:
        label = self.session.bank.taxonomy.difficulties[self.plan.level].label
        self.status.value = (f"{STYLE}<p role='status' aria-live='polite'><strong>Drill</strong>: statement "
                             f"{self.plan.step} \u00b7 level {e(label)}. {e(note)}</p>")

    def show_next(self) -> None:
        item = self.plan.next_item()
        self.current = ClassifyExercise(item, session=self.session, context=f"drill:{self.drill_id}")
        self.current.observe(self._answered, names="answered")
        self.stage.children = [self.current]
        self.next_button.disabled = True
        again = " (a statement you missed earlier)" if item.id in self.plan.due else ""
        self._status(again)

    def _answered(self, change) -> None:
        if not change["new"]:
            return
        item, correct = self.current.item, self.current.result["correct"]
        self.plan.record(item, correct)
        self.session.store.record_drill_step(
            self.session.learner_id, self.drill_id, item_id=item.id, difficulty=item.difficulty,
            outcome="correct" if correct else "missed",
        )
        self.steps_done += 1
        if self.respond:
            self.draft = DraftExercise(item, session=self.session)
            self.draft.card.layout.display = "none"  # the statement is already on screen above
            self.draft.observe(self._drafted, names="attempts")
            self.stage.children = [self.current, w.HTML("<p><strong>Now respond:</strong> what would you say "
                                                        "to the client?</p>"), self.draft]
            return
        self._step_done()

    def _drafted(self, change) -> None:
        if change["new"] == 1 or (change["new"] and change["old"] == 0):
            self._step_done()

    def _step_done(self) -> None:
        if self.plan.block_done:
            check = ReactionCheck(item_id=None, session=self.session)
            check.observe(self._reacted, names="saved")
            self.stage.children = [*self.stage.children, check]
        else:
            self.next_button.disabled = False

    def _reacted(self, change) -> None:
        check = change["owner"]
        before = self.plan.level
        self.level = self.plan.adjust(check.result["adjust"])
        moved = "stays" if self.level == before else "is now"
        self._status(f"Your level {moved} {self.session.bank.taxonomy.difficulties[self.level].label.lower()}.")
        self.next_button.disabled = False
