"""Classify a client statement: the family, and for ruptures the 3RS subtype.

Feedback comes at once and says which features mark the statement (the item's rationale) and,
when the choice was off, what the chosen label would have needed to see (its definition).
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Bool, Dict, Unicode

from repairlab.bank.schema import Vignette
from repairlab.bank.scoring import classify_outcome
from repairlab.html import (
    choice_complete, chosen_subtype, e, show_subtypes_for, statement_card, verdict,
)
from repairlab.session import Session, current_session


class ClassifyExercise(w.VBox):
    item_id = Unicode(read_only=True).tag(sync=False)
    answered = Bool(False).tag(sync=False)
    result = Dict().tag(sync=False)  # {"family_correct": bool, "subtype_correct": bool|None, ...}

    def __init__(self, item: Vignette | str, session: Session | None = None, context: str = "", **kwargs):
        self.session = session or current_session()
        self.item = self.session.bank.get(item) if isinstance(item, str) else item
        self.context = context
        taxonomy = self.session.bank.taxonomy
        self.set_trait("item_id", self.item.id)

        self.card = w.HTML(statement_card(self.item, taxonomy.modalities[self.item.context.modality].label))
        self.family = w.RadioButtons(
            options=[(label.label, key) for key, label in taxonomy.families.items()],
            value=None, description="What is this?", style={"description_width": "initial"},
            layout=w.Layout(width="auto"),
        )
        self.subtype = w.Dropdown(
            options=[], value=None, description="Which marker?", style={"description_width": "initial"},
            layout=w.Layout(width="auto", max_width="100%", display="none"),
        )
        self.check = w.Button(description="Check", button_style="primary", disabled=True,
                              tooltip="Check your answer", layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        self.family.observe(self._family_changed, names="value")
        self.subtype.observe(self._update_button, names="value")
        self.check.on_click(self._check)
        super().__init__([self.card, self.family, self.subtype, self.check, self.feedback], **kwargs)
        self.add_class("rl-classify")

    # Interaction --------------------------------------------------------------------------

    def _family_changed(self, change) -> None:
        show_subtypes_for(self.subtype, self.session.bank.taxonomy, self.family.value)
        self._update_button()

    def _update_button(self, change=None) -> None:
        self.check.disabled = not choice_complete(self.session.bank.taxonomy, self.family.value, self.subtype.value)

    def answer(self, family: str, subtype: str | None = None) -> dict:
        """Answer from Python (tests, notebooks, graders): same path as the clicks."""
        self.family.value = family
        if subtype is not None:
            self.subtype.value = subtype
        self._check()
        return self.result

    def _check(self, button=None) -> None:
        item, taxonomy = self.item, self.session.bank.taxonomy
        family = self.family.value
        if family is None:
            return
        subtype = chosen_subtype(taxonomy, family, self.subtype.value)
        outcome = classify_outcome(taxonomy, item.family, item.subtype, family, subtype)
        family_ok, subtype_ok, correct = outcome.family_correct, outcome.subtype_correct, outcome.correct
        self.session.store.record_answer(
            self.session.learner_id, item.id, chosen_family=family, chosen_subtype=subtype,
            family_correct=family_ok, subtype_correct=subtype_ok, context=self.context,
        )
        self.feedback.value = self._feedback_html(family, subtype, family_ok, subtype_ok)
        self.result = {"item_id": item.id, "family": family, "subtype": subtype,
                       "family_correct": family_ok, "subtype_correct": subtype_ok, "correct": correct}
        self.answered = True

    def _feedback_html(self, family: str, subtype: str | None, family_ok: bool, subtype_ok: bool | None) -> str:
        item, taxonomy = self.item, self.session.bank.taxonomy
        true_family = taxonomy.families[item.family]
        true_sub = taxonomy.subtypes[item.family][item.subtype]
        label = true_family.label + (f": {true_sub.label}" if taxonomy.is_rupture(item.family) else "")
        marks = f"<p><strong>What marks it.</strong> {e(item.rationale)}</p>"
        salience = (f"<p class='rl-muted'>Salience {item.salience} of 5; difficulty "
                    f"{e(taxonomy.difficulties[item.difficulty].label.lower())}.</p>")
        if family_ok and subtype_ok is not False:
            return verdict(True, label, marks + salience)
        if family_ok:
            chosen = taxonomy.subtypes[family][subtype]
            needed = (f"<p><strong>You chose {e(chosen.label)}.</strong> That marker would need: "
                      f"{e(chosen.definition)}</p>")
            return verdict(False, f"right family; the marker here is {true_sub.label}", needed + marks + salience)
        chosen = taxonomy.families[family]
        needed = f"<p><strong>You chose {e(chosen.label)}.</strong> That would need: {e(chosen.definition)}</p>"
        return verdict(False, f"this is {label}", needed + marks + salience)
