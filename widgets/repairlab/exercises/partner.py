"""Partner mode: two trainees at one screen or on a call, as the APA books and dyadic practice
run it. One reads the client's lines aloud, the other answers aloud; a timer keeps the round
short; the observer ticks the criteria met; then the roles swap.

Speaking aloud to a person is the point, so nothing here is typed but names and ticks. The
timer runs in the browser (an ipywidgets ``Play`` linked to a progress bar), so it keeps time
with no round trip to the kernel. Each saved turn goes to the learner's journal
(``partner_round``): who played which role, the statement, and the criteria ticked.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Int, Unicode

from repairlab.html import STYLE, e, statement_card
from repairlab.exercises.skill import skill_header
from repairlab.exercises.timer import response_timer
from repairlab.session import Session, current_session
from repairlab.skills import Skill, load_skills
from repairlab.skills.rounds import SkillPlan

JOURNAL_KIND = "partner_round"


class PartnerRound(w.VBox):
    """One skill, practised aloud by a reader (the client) and a responder (the therapist)."""

    turn = Int(0).tag(sync=False)
    reader = Unicode().tag(sync=False)
    responder = Unicode().tag(sync=False)

    def __init__(self, skill: str | Skill, session: Session | None = None, *, level: str = "beginner",
                 seed: int | None = None, **kwargs):
        self.session = session or current_session()
        self.skill = load_skills(self.session.bank).get(skill) if isinstance(skill, str) else skill
        self.plan = SkillPlan(self.skill, self.session.bank.taxonomy.difficulty_order(), level=level,
                              round_size=len(self.skill.statement_ids(level)), seed=seed)
        style = {"description_width": "initial"}
        self.name_a = w.Text(value="Partner A", description="First partner", style=style)
        self.name_b = w.Text(value="Partner B", description="Second partner", style=style)
        self.roles = w.HTML()
        self.card = w.HTML()
        self.play, self.bar = response_timer()
        self.boxes = [w.Checkbox(value=False, description=c, indent=False, layout=w.Layout(width="auto"))
                      for c in self.skill.criteria]
        self.save = w.Button(description="Save ticks and swap roles", button_style="primary",
                             layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.save.on_click(lambda _: self.save_turn())
        for name in (self.name_a, self.name_b):
            name.observe(lambda _: self._show(), names="value")
        how = ("<ol><li>The reader reads the client's words aloud, with the feeling they carry.</li>"
               "<li>The responder answers aloud, straight away, as to a real client; start the timer.</li>"
               "<li>The reader (now observer) ticks the criteria the response met, and says one thing "
               "that worked.</li><li>Save, and swap roles.</li></ol>")
        super().__init__([w.HTML(skill_header(self.skill)), w.HTML(f"{STYLE}<div class='rl-card'>"
                          f"<p><strong>Partner mode.</strong></p>{how}</div>"), self.name_a, self.name_b,
                          self.roles, self.card, w.HBox([self.play, self.bar]),
                          w.HTML("<p><strong>Observer: which criteria did the response meet?</strong></p>"),
                          *self.boxes, self.save, self.message], **kwargs)
        self.add_class("rl-partner")
        self._show()

    @property
    def item_id(self) -> str:
        return self.plan.statements[self.turn % len(self.plan.statements)]

    def _show(self) -> None:
        a, b = self.name_a.value.strip() or "Partner A", self.name_b.value.strip() or "Partner B"
        self.reader, self.responder = (a, b) if self.turn % 2 == 0 else (b, a)
        self.roles.value = (f"{STYLE}<p role='status' aria-live='polite'><strong>Turn {self.turn + 1}.</strong> "
                            f"{e(self.reader)} reads the client; {e(self.responder)} responds.</p>")
        item = self.session.bank.get(self.item_id)
        self.card.value = statement_card(item, self.session.bank.taxonomy.modalities[item.context.modality].label)
        for box in self.boxes:
            box.value = False
        self.play.value = 0

    def tick(self, met: list[int]) -> None:
        for i in met:
            self.boxes[i].value = True

    def save_turn(self) -> dict:
        """Keep this turn's ticks for both partners' record, then swap roles for the next statement."""
        entry = {"skill": self.skill.id, "level": self.plan.level, "item_id": self.item_id,
                 "reader": self.reader, "responder": self.responder, "criteria": len(self.skill.criteria),
                 "met": [i for i, box in enumerate(self.boxes) if box.value]}
        self.session.store.record_journal(self.session.learner_id, JOURNAL_KIND, entry)
        self.message.value = (f"<p role='status'>Saved: {len(entry['met'])} of {entry['criteria']} criteria "
                              f"for {e(entry['responder'])}. Swap roles.</p>")
        self.turn += 1
        self._show()
        return entry
