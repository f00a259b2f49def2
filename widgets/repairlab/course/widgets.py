"""The exercises as they appear in a graded assignment.

They look and work like the self-study widgets (the same statement card, choices and draft
box), with three differences: an answer is saved to the assignment's answer sheet rather than
the progress store; a classification gets no verdict until the work is graded; and the
exemplary responses stay hidden, since drafts are graded by hand. Drafting still gets the
formative feedback, which is learning help, not the grade.
"""

from __future__ import annotations

from datetime import datetime

import ipywidgets as w
from traitlets import Bool

from repairlab.bank.taxonomy import Taxonomy
from repairlab.course.answers import AnswerFileError, AnswerSheet
from repairlab.course.keys import PublicItem
from repairlab.exercises.draft import _highlight
from repairlab.exercises.reaction import reaction_controls, reaction_form
from repairlab.html import (
    STYLE, choice_complete, chosen_subtype, e, show_subtypes_for, statement_card,
)
from repairlab.feedback import analyse


def _status(text: str, ok: bool = True) -> str:
    mark = "\u2714" if ok else "\u26a0"
    return f"{STYLE}<div class='rl-card' role='status' aria-live='polite'><p>{mark} {e(text)}</p></div>"


def _saved_now() -> str:
    return datetime.now().strftime("%H:%M")


def _read_saved(sheet: AnswerSheet, question: str, status: w.HTML):
    """The saved value for ``question`` (or None); a damaged sheet is shown in ``status`` instead."""
    try:
        return sheet.read_for_student().value(question)
    except AnswerFileError as exc:
        status.value = _status(str(exc), ok=False)
        return None


def _write(sheet: AnswerSheet, question: str, kind: str, value, status: w.HTML) -> bool:
    """Save one answer; if the sheet refuses, say why in ``status`` and report False."""
    try:
        sheet.save(question, kind, value)
    except AnswerFileError as exc:
        status.value = _status(str(exc), ok=False)
        return False
    return True


class GradedClassify(w.VBox):
    saved = Bool(False).tag(sync=False)

    def __init__(self, item: PublicItem, sheet: AnswerSheet, taxonomy: Taxonomy, **kwargs):
        self.item, self.sheet, self.taxonomy = item, sheet, taxonomy
        self.card = w.HTML(statement_card(item, item.modality_label))
        self.family = w.RadioButtons(options=[(v.label, k) for k, v in taxonomy.families.items()], value=None,
                                     description="What is this?", style={"description_width": "initial"},
                                     layout=w.Layout(width="auto"))
        self.subtype = w.Dropdown(options=[], value=None, description="Which marker?",
                                  style={"description_width": "initial"},
                                  layout=w.Layout(width="auto", max_width="100%", display="none"))
        stance = reaction_form()["stance"]
        self.stance = w.ToggleButtons(options=[(spec["label"], key) for key, spec in stance.items()], value=None,
                                      description="Reading it, I felt", style={"description_width": "initial"},
                                      layout=w.Layout(display=None if item.ask_stance else "none"))
        self.save = w.Button(description="Save answer", button_style="primary", disabled=True,
                             layout=w.Layout(width="auto"))
        self.status = w.HTML()
        self.family.observe(self._family_changed, names="value")
        self.subtype.observe(self._ready, names="value")
        self.stance.observe(self._ready, names="value")
        self.save.on_click(lambda _: self._save())
        super().__init__([self.card, self.family, self.subtype, self.stance, self.save, self.status], **kwargs)
        self.add_class("rl-classify")
        self._restore()

    def _family_changed(self, change) -> None:
        show_subtypes_for(self.subtype, self.taxonomy, self.family.value)
        self._ready()

    def _ready(self, change=None) -> None:
        self.save.disabled = (not choice_complete(self.taxonomy, self.family.value, self.subtype.value)
                              or (self.item.ask_stance and self.stance.value is None))

    def _restore(self) -> None:
        value = _read_saved(self.sheet, self.item.key, self.status)
        if not isinstance(value, dict) or value.get("family") not in self.taxonomy.families:
            return
        self.family.value = value["family"]
        if value.get("subtype") in [key for _, key in self.subtype.options]:
            self.subtype.value = value["subtype"]
        if self.item.ask_stance and value.get("stance"):
            self.stance.value = value["stance"]
        self.status.value = _status("Your saved answer is shown. You can change it until you submit.")
        self.saved = True

    def answer(self, family: str, subtype: str | None = None, stance: str | None = None) -> None:
        """Answer from Python (tests, simulated students): same path as the clicks."""
        self.family.value = family
        if subtype is not None:
            self.subtype.value = subtype
        if stance is not None:
            self.stance.value = stance
        self._save()

    def _save(self) -> None:
        if self.save.disabled:
            return
        value = {"family": self.family.value,
                 "subtype": chosen_subtype(self.taxonomy, self.family.value, self.subtype.value)}
        if self.item.ask_stance:
            value["stance"] = self.stance.value
        if not _write(self.sheet, self.item.key, "classify", value, self.status):
            return
        self.status.value = _status(f"Saved at {_saved_now()}. It will be marked after you submit; "
                                    "you can change it until then.")
        self.saved = True


class GradedDraft(w.VBox):
    def __init__(self, item: PublicItem, sheet: AnswerSheet, **kwargs):
        self.item, self.sheet = item, sheet
        self.card = w.HTML(statement_card(item, item.modality_label))
        self.text = w.Textarea(placeholder="Write what you would say to the client, as you would say it aloud.",
                               description="Your response", style={"description_width": "initial"},
                               layout=w.Layout(width="100%", max_width="48em", height="6em"))
        self.save = w.Button(description="Save draft and get feedback", button_style="primary",
                             layout=w.Layout(width="auto"))
        self.feedback = w.HTML()
        self.history = w.HTML()
        self.drafts: list[str] = []
        self.save.on_click(lambda _: self._save())
        super().__init__([self.card, self.text, self.save, self.feedback, self.history], **kwargs)
        self.add_class("rl-draft")
        self._restore()

    def _restore(self) -> None:
        value = _read_saved(self.sheet, self.item.key, self.feedback)
        if isinstance(value, dict) and isinstance(value.get("drafts"), list):
            self.drafts = [d for d in value["drafts"] if isinstance(d, str)]
            self.text.value = self.drafts[-1] if self.drafts else ""
            self._render_history()

    def submit(self, text: str) -> None:
        """Draft from Python (tests, simulated students): same path as typing and clicking."""
        self.text.value = text
        self._save()

    def _save(self) -> None:
        text = self.text.value
        analysis = analyse(self.item.client_statement, text)
        if not text.strip():
            self.feedback.value = _status(analysis.message, ok=False)
            return
        if not _write(self.sheet, self.item.key, "draft", {"drafts": [*self.drafts, text]}, self.feedback):
            return
        self.drafts.append(text)
        self.feedback.value = (
            f"{STYLE}<div class='rl-card' role='status' aria-live='polite'>"
            f"<p><strong>Draft {len(self.drafts)} saved.</strong> Your last draft is the one graded.</p>"
            f"<p><strong>Feedback.</strong> {e(analysis.message)}</p>{_highlight(analysis)}"
            "<p class='rl-muted'>This automatic feedback is there to help you refine the draft; "
            "your instructor grades it by hand with the rubric above.</p></div>"
        )
        self._render_history()

    def _render_history(self) -> None:
        rows = "".join(f"<li>\u201c{e(d)}\u201d</li>" for d in self.drafts)
        self.history.value = (f"{STYLE}<div class='rl-card'><h4>Your drafts so far</h4><ol>{rows}</ol></div>"
                              if rows else "")


class GradedReaction(w.VBox):
    """The reaction check, saved on the answer sheet (ungraded; it feeds the cohort's reaction trends)."""

    def __init__(self, sheet: AnswerSheet, **kwargs):
        self.sheet = sheet
        form = reaction_form()
        self.challenge, self.feelings, self.stance = reaction_controls(form, "This assignment was")
        self.save = w.Button(description="Save reaction", layout=w.Layout(width="auto"))
        self.status = w.HTML()
        self.save.on_click(lambda _: self._save())
        scale = w.HTML(f"<span class='rl-muted'>Feelings: 0 = not at all, {form['scale_max']} = very.</span>")
        super().__init__([self.challenge, scale, *self.feelings.values(), self.stance, self.save, self.status],
                         **kwargs)

    def submit(self, challenge: str, stance: str, **feelings: int) -> None:
        self.challenge.value = challenge
        self.stance.value = stance
        for key, value in feelings.items():
            self.feelings[key].value = value
        self._save()

    def _save(self) -> None:
        if self.challenge.value is None or self.stance.value is None:
            self.status.value = _status("Choose how hard it was and whether you felt hooked or engaged.", ok=False)
            return
        value = {"challenge": self.challenge.value, "stance": self.stance.value,
                 "feelings": {k: s.value for k, s in self.feelings.items()}}
        if not _write(self.sheet, "reaction", "reaction", value, self.status):
            return
        self.status.value = _status(f"Saved at {_saved_now()}. Thank you: this is not graded.")


class GradedScenario(w.VBox):
    """A scenario in a graded assignment: write, choose, and the client answers, turn by turn.

    It plays the student's copy from ``items.json`` (opaque keys, no labels), saves the path and
    the drafts to the answer sheet after every turn, and shows no debrief: the path is marked
    after submission and the drafts are graded by hand. "Start again" keeps the earlier path on
    the sheet (under ``earlier``) and grades the newest one.
    """

    def __init__(self, scenario: dict, sheet: AnswerSheet, **kwargs):
        self.scenario, self.sheet = scenario, sheet
        self.question = scenario["key"]
        c = scenario["context"]
        self.card = w.HTML(f"{STYLE}<div class='rl-card' role='group' aria-label='The scenario'>"
                           f"<h4>{e(scenario['title'])}</h4><div class='rl-context'><strong>Client:</strong> "
                           f"{e(c['client'])}<br><strong>Setting:</strong> {e(c['setting'])} "
                           f"({e(scenario['modality_label'])}), session {e(c['session'])}<br>"
                           f"<strong>Just before:</strong> {e(c['moment'])}</div></div>")
        self.history = w.HTML()
        self.client = w.HTML()
        self.text = w.Textarea(placeholder="Write what you would say to the client, as you would say it aloud.",
                               description="Your reply", style={"description_width": "initial"},
                               layout=w.Layout(width="100%", max_width="48em", height="5em"))
        self.options = w.RadioButtons(options=[], value=None, description="Closest to what I meant:",
                                      style={"description_width": "initial"},
                                      layout=w.Layout(width="100%", max_width="48em"))
        self.say = w.Button(description="Save and say this", button_style="primary", layout=w.Layout(width="auto"))
        self.restart = w.Button(description="Start again", layout=w.Layout(width="auto"))
        self.status = w.HTML()
        self.path: list[dict] = []
        self.earlier: list[list[dict]] = []
        self.say.on_click(lambda _: self._say())
        self.restart.on_click(lambda _: self.start_again())
        super().__init__([self.card, self.history, self.client, self.text, self.options,
                          w.HBox([self.say, self.restart], layout=w.Layout(flex_flow="row wrap")), self.status],
                         **kwargs)
        self.add_class("rl-scenario")
        value = _read_saved(sheet, self.question, self.status)
        if isinstance(value, dict):
            self.path = [s for s in value.get("path", []) if isinstance(s, dict)]
            self.earlier = [p for p in value.get("earlier", []) if isinstance(p, list)]
        self._show()

    @property
    def position(self) -> str:
        return self.path[-1]["next"] if self.path else self.scenario["start"]

    @property
    def finished(self) -> bool:
        return self.position in self.scenario["endings"]

    def play(self, position_in_list: int, draft: str) -> str:
        """Write ``draft`` and take the option shown at ``position_in_list`` (0-based), as a student would."""
        self.text.value = draft
        self.options.value = self.options.options[position_in_list][1]
        self._say()
        return self.position

    def start_again(self) -> None:
        if self.path:
            self.earlier.append(self.path)
        self.path = []
        self._save()
        self._show()

    def _say(self) -> None:
        if not self.text.value.strip():
            self.status.value = _status("Write your reply first, then choose the option closest to it.", ok=False)
            return
        if self.options.value is None:
            self.status.value = _status("Choose the option closest to what you wrote.", ok=False)
            return
        turn = self.scenario["turns"][self.position]
        option = next(o for o in turn["options"] if o["key"] == self.options.value)
        self.path.append({"turn": self.position, "option": option["key"], "draft": self.text.value.strip(),
                          "next": option["next"]})
        if self._save():
            self.text.value = ""
            self._show()
        else:
            self.path.pop()

    def _save(self) -> bool:
        value = {"path": [{k: s[k] for k in ("turn", "option", "draft")} | {"next": s["next"]} for s in self.path],
                 "earlier": self.earlier}
        return _write(self.sheet, self.question, "scenario", value, self.status)

    def _show(self) -> None:
        turns = self.scenario["turns"]
        rows = []
        for step in self.path:
            turn = turns.get(step["turn"], {})
            chosen = next((o["text"] for o in turn.get("options", []) if o["key"] == step["option"]), "")
            rows.append(f"<li><p><strong>Client:</strong> {e(turn.get('client'))}</p><p><strong>You wrote:</strong> "
                        f"{e(step['draft'])}<br><strong>You chose:</strong> {e(chosen)}</p></li>")
        self.history.value = (f"{STYLE}<details class='rl-card' open><summary>The conversation so far</summary>"
                              f"<ol>{''.join(rows)}</ol></details>") if rows else ""
        if self.finished:
            words = self.scenario["endings"][self.position]["client"]
            self.client.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'><blockquote "
                                 f"class='rl-statement'><strong>Client:</strong> {e(words)}</blockquote><p>The "
                                 "scenario has ended. Your path and drafts are saved; they are marked after you "
                                 "submit. You may start again: the newest path is the one graded.</p></div>")
            for control in (self.text, self.options, self.say):
                control.layout.display = "none"
            return
        turn = turns[self.position]
        self.client.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'><p class='rl-muted'>"
                             f"Turn {len(self.path) + 1}</p><blockquote class='rl-statement'><strong>Client:"
                             f"</strong> {e(turn['client'])}</blockquote></div>")
        self.options.options = [(f"{'ABCD'[i]}. {o['text']}", o["key"]) for i, o in enumerate(turn["options"])]
        self.options.value = None
        for control in (self.text, self.options, self.say):
            control.layout.display = None
