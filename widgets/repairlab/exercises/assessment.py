"""The self-assessment: one parallel form, item by item, with no feedback until the end.

Each item asks for a classification, a short drafted response and whether the learner felt
hooked or engaged. Four rupture statements, matched across the two forms, require a draft, and
the learner rates those drafts with the course rubric when the form is done. Answers are stored with context ``assessment:<form>`` so the report can set
the before form against the after form. Withholding feedback keeps the two measurements clean.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Bool, Int

from repairlab.bank.scoring import classify_outcome
from repairlab.html import STYLE, choice_complete, chosen_subtype, show_subtypes_for, statement_card
from repairlab.feedback import analyse
from repairlab.session import Session, current_session


RATED_RESPONSES = 4


class AssessmentForm(w.VBox):
    index = Int(0).tag(sync=False)
    finished = Bool(False).tag(sync=False)

    def __init__(self, form: str = "form_a", session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.form = form
        self.items = self.session.bank.assessment_form(form)
        self.rated = [v.id for v in self.session.bank.response_items(form, RATED_RESPONSES)]
        self.rating = None
        taxonomy = self.session.bank.taxonomy
        self.heading = w.HTML()
        self.card = w.HTML()
        self.family = w.RadioButtons(options=[(v.label, k) for k, v in taxonomy.families.items()], value=None,
                                     description="What is this?", style={"description_width": "initial"})
        self.subtype = w.Dropdown(options=[], value=None, description="Which marker?",
                                  style={"description_width": "initial"}, layout=w.Layout(display="none"))
        self.text = w.Textarea(description="What would you say?", style={"description_width": "initial"},
                               layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        self.stance = w.ToggleButtons(options=[("Hooked", "hooked"), ("Engaged", "engaged")], value=None,
                                      description="Reading it, I felt", style={"description_width": "initial"})
        self.next = w.Button(description="Save and continue", button_style="primary", disabled=True,
                             layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.family.observe(self._family_changed, names="value")
        for control in (self.subtype, self.stance, self.text):
            control.observe(self._ready, names="value")
        self.next.on_click(lambda _: self._save())
        super().__init__([self.heading, self.card, self.family, self.subtype, self.text, self.stance,
                          self.next, self.message], **kwargs)
        self._show()

    def _family_changed(self, change) -> None:
        show_subtypes_for(self.subtype, self.session.bank.taxonomy, self.family.value)
        self._ready()

    def _ready(self, change=None) -> None:
        needs_draft = self.index < len(self.items) and self.items[self.index].id in self.rated
        self.next.disabled = (self.stance.value is None or (needs_draft and not self.text.value.strip())
                              or not choice_complete(self.session.bank.taxonomy, self.family.value,
                                                     self.subtype.value))

    def _show(self) -> None:
        if self.index >= len(self.items):
            self.finished = True
            from repairlab.exercises.rubric_rating import RubricRating

            latest = {d["item_id"]: d["text"] for d in self.session.store.drafts(self.session.learner_id)}
            drafted = [(self.session.bank.get(i), latest[i]) for i in self.rated if i in latest]
            self.rating = RubricRating(self.form, drafted, session=self.session)
            self.children = [self.heading, w.HTML(
                f"{STYLE}<div class='rl-card' role='status'><p><strong>Form complete.</strong> Thank you. "
                "Now rate four of your responses with the rubric. Your report compares this form with the "
                "other one once you have taken both.</p></div>"), self.rating]
            return
        item = self.items[self.index]
        modality = self.session.bank.taxonomy.modalities[item.context.modality].label
        self.heading.value = f"<h4 role='status'>Self-assessment: statement {self.index + 1} of {len(self.items)}</h4>"
        self.card.value = statement_card(item, modality)
        self.text.description = ("What would you say? (needed here: you rate it at the end)"
                                 if item.id in self.rated else "What would you say? (optional)")
        self.family.value = None
        self.text.value = ""
        self.stance.value = None
        self.message.value = ""

    def answer(self, family: str, subtype: str | None, response: str, stance: str) -> None:
        """Answer the current item from Python; same path as the clicks."""
        self.family.value = family
        if subtype is not None:
            self.subtype.value = subtype
        self.text.value = response
        self.stance.value = stance
        self._save()

    def _save(self) -> None:
        if self.next.disabled:
            return
        item, s = self.items[self.index], self.session
        taxonomy = s.bank.taxonomy
        subtype = chosen_subtype(taxonomy, self.family.value, self.subtype.value)
        outcome = classify_outcome(taxonomy, item.family, item.subtype, self.family.value, subtype)
        s.store.record_answer(s.learner_id, item.id, chosen_family=self.family.value, chosen_subtype=subtype,
                              family_correct=outcome.family_correct, subtype_correct=outcome.subtype_correct,
                              context=f"assessment:{self.form}")
        if self.text.value.strip():
            result = analyse(item.client_statement, self.text.value)
            s.store.record_draft(s.learner_id, item.id, self.text.value, score=result.score,
                                 moves=result.move_keys, pulls=result.pull_keys)
        s.store.record_reaction(s.learner_id, challenge=None, stance=self.stance.value, item_id=item.id,
                                note=f"assessment:{self.form}")
        self.index += 1
        self._show()
