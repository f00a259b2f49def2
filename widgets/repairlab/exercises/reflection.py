"""Reflective exercises as forms built from data: breathing space, anecdotes, contingencies...

One widget serves every exercise in ``data/practice/reflections.yaml``; the file is checked by
the models below when it is read. Answers are saved to the learner's journal.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import ipywidgets as w
import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from traitlets import Bool, Dict, Int

from repairlab import paths
from repairlab.app.preheat import when_served
from repairlab.bank.bibliography import load_bibliography
from repairlab.exercises.written import written_text
from repairlab.html import STYLE, e
from repairlab.session import Session, current_session


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Step(_Strict):
    title: str
    seconds: int = Field(ge=5)
    text: str


class FormField(_Strict):
    key: str
    kind: Literal["text", "choice", "scale", "steps", "multichoice"]
    label: str
    help: str = ""
    options: list[str] = []
    # A multichoice can take its options from the curriculum's own data instead of listing them:
    # "markers" (every rupture marker in the taxonomy) or "skills" (data/skills/skills.yaml).
    options_from: Literal["markers", "skills"] | None = None
    steps: list[Step] = []
    low: str = ""
    high: str = ""
    max: int = 4

    @model_validator(mode="after")
    def _kind_has_what_it_needs(self) -> "FormField":
        if self.kind == "choice" and len(self.options) < 2:
            raise ValueError(f"field {self.key}: a choice needs at least two options")
        if self.kind == "multichoice" and not (self.options or self.options_from):
            raise ValueError(f"field {self.key}: a multichoice needs options or options_from")
        if self.kind == "steps" and not self.steps:
            raise ValueError(f"field {self.key}: a steps field needs steps")
        return self


class Exercise(_Strict):
    title: str
    purpose: str
    sources: list[str]
    fields: list[FormField] = Field(min_length=1)
    partner: bool = False  # practised in pairs: names, whose turn it is, a timer, and a swap


@lru_cache(maxsize=1)
def reflection_exercises() -> dict[str, Exercise]:
    path = paths.reflections_file()
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    exercises = {key: Exercise.model_validate(spec) for key, spec in raw.items()}
    known = set(load_bibliography())
    for key, exercise in exercises.items():
        unknown = set(exercise.sources) - known
        if unknown:
            raise ValueError(f"{path}: exercise {key}: unknown citation keys {sorted(unknown)}")
    return exercises


class _Steps(w.VBox):
    """A guided sequence: one step on screen at a time, moved on by the learner."""

    index = Int(0).tag(sync=False)
    finished = Bool(False).tag(sync=False)

    def __init__(self, spec: FormField):
        self.spec = spec
        self.text = w.HTML()
        self.button = w.Button(description="Begin", layout=w.Layout(width="auto"))
        self.button.on_click(lambda _: self.advance())
        super().__init__([self.text, self.button])
        self.index = -1
        self.text.value = f"<p>{len(spec.steps)} steps, about {sum(s.seconds for s in spec.steps) // 60 or 1} minutes.</p>"

    def advance(self) -> None:
        self.index += 1
        if self.index >= len(self.spec.steps):
            self.finished = True
            self.text.value = "<p role='status'><strong>Done.</strong> Take a moment before you go on.</p>"
            self.button.layout.display = "none"
            return
        step = self.spec.steps[self.index]
        self.text.value = (f"<div role='status' aria-live='polite'><h4>Step {self.index + 1} of {len(self.spec.steps)}: "
                           f"{e(step.title)} (about {step.seconds} seconds)</h4><p>{e(step.text)}</p></div>")
        self.button.description = "Next step" if self.index + 1 < len(self.spec.steps) else "Finish"

    @property
    def value(self) -> bool:
        return self.finished


class _Pair(w.VBox):
    """For a practice in pairs: who speaks and who listens, a browser-side timer, and a swap."""

    turn = Int(0).tag(sync=False)

    def __init__(self):
        from repairlab.exercises.timer import response_timer

        style = {"description_width": "initial"}
        self.name_a = w.Text(value="Partner A", description="First partner", style=style)
        self.name_b = w.Text(value="Partner B", description="Second partner", style=style)
        self.line = w.HTML()
        self.play, self.bar = response_timer(180)
        self.swap = w.Button(description="Swap roles", layout=w.Layout(width="auto"))
        self.swap.on_click(lambda _: self.swap_roles())
        for name in (self.name_a, self.name_b):
            name.observe(lambda _: self._show(), names="value")
        super().__init__([self.name_a, self.name_b, self.line, w.HBox([self.play, self.bar]), self.swap])
        self._show()

    def roles(self) -> dict[str, str]:
        a, b = self.name_a.value.strip() or "Partner A", self.name_b.value.strip() or "Partner B"
        speaker, listener = (a, b) if self.turn % 2 == 0 else (b, a)
        return {"speaker": speaker, "listener": listener}

    def _show(self) -> None:
        roles = self.roles()
        self.line.value = (f"<p role='status' aria-live='polite'><strong>Round {self.turn + 1}.</strong> "
                           f"{e(roles['speaker'])} speaks; {e(roles['listener'])} listens.</p>")

    def swap_roles(self) -> None:
        self.turn += 1
        self.play.value = 0
        self._show()


def _choices(field: FormField, session: Session) -> list[tuple[str, str]]:
    """(label, value) pairs for a multichoice: listed options, or the markers or skills themselves."""
    if field.options_from == "markers":
        taxonomy = session.bank.taxonomy
        return [(f"{taxonomy.families[family].label}: {label.label}", f"{family}/{key}")
                for family in taxonomy.families if taxonomy.is_rupture(family)
                for key, label in taxonomy.subtypes[family].items()]
    if field.options_from == "skills":
        from repairlab.skills import load_skills

        return [(skill.title, skill.id) for skill in load_skills(session.bank)]
    return [(option, option) for option in field.options]


class _Choices(w.VBox):
    """Several choices as a column of checkboxes (keyboard-friendly, unlike a multi-select list)."""

    def __init__(self, field: FormField, choices: list[tuple[str, str]]):
        self.boxes = {value: w.Checkbox(value=False, description=label, indent=False,
                                        layout=w.Layout(width="auto")) for label, value in choices}
        super().__init__([w.HTML(f"<p><strong>{e(field.label)}</strong></p>"), *self.boxes.values()])

    @property
    def value(self) -> list[str]:
        return [key for key, box in self.boxes.items() if box.value]

    @value.setter
    def value(self, keys) -> None:
        for key, box in self.boxes.items():
            box.value = key in set(keys or ())


class ReflectionForm(w.VBox):
    saved = Bool(False).tag(sync=False)
    entry = Dict().tag(sync=False)

    def __init__(self, exercise: str, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        exercises = reflection_exercises()
        if exercise not in exercises:
            raise KeyError(f"no reflective exercise {exercise!r}; known: {', '.join(exercises)}")
        self.key, self.spec = exercise, exercises[exercise]
        self.inputs: dict[str, w.Widget] = {}
        children = [w.HTML(f"{STYLE}<div class='rl-card'><h4>{e(self.spec.title)}</h4><p>{e(self.spec.purpose)}</p></div>")]
        for field in self.spec.fields:
            widget = _Choices(field, _choices(field, self.session)) if field.kind == "multichoice" else self._input(field)
            self.inputs[field.key] = widget
            if field.help:
                children.append(w.HTML(f"<p class='rl-muted'>{e(field.help)}</p>"))
            children.append(widget)
        self.pair = _Pair() if self.spec.partner else None
        if self.pair is not None:
            children.insert(1, self.pair)
        self.save = w.Button(description="Save to my journal", button_style="primary", layout=w.Layout(width="auto"))
        self.save.on_click(lambda _: self._save())
        self.message = w.HTML()
        super().__init__([*children, self.save, self.message], **kwargs)
        # The form is the same for every learner; only the note of earlier saves is theirs, so a
        # heated kernel builds the form and reads the journal once the learner has arrived.
        when_served(self._show_history)

    def _show_history(self) -> None:
        self.message.value = self._history()

    @staticmethod
    def _input(field: FormField) -> w.Widget:
        style = {"description_width": "initial"}
        if field.kind == "text":
            return written_text(description=field.label, style=style,
                                layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        if field.kind == "choice":
            return w.RadioButtons(options=field.options, value=None, description=field.label, style=style,
                                  layout=w.Layout(width="auto"))
        if field.kind == "scale":
            return w.IntSlider(value=0, min=0, max=field.max, description=field.label, style=style,
                               tooltip=f"0 = {field.low}, {field.max} = {field.high}", continuous_update=False)
        return _Steps(field)

    def fill(self, **values) -> None:
        """Fill fields from Python (tests, notebooks); same widgets as typing."""
        for key, value in values.items():
            widget = self.inputs[key]
            if isinstance(widget, _Steps):
                while value and not widget.finished:
                    widget.advance()
            else:
                widget.value = value

    def _history(self) -> str:
        entries = self.session.store.journal(self.session.learner_id, self.key)
        if not entries:
            return ""
        return f"<p class='rl-muted'>Saved {len(entries)} time(s); last on {e(entries[-1]['at'][:10])}.</p>"

    def _save(self) -> None:
        entry = {key: widget.value for key, widget in self.inputs.items()}
        if not any(v for v in entry.values()):
            self.message.value = "<p role='status'>Nothing to save yet: write or choose something first.</p>"
            return
        if self.pair is not None:
            entry["roles"] = self.pair.roles()
        self.session.store.record_journal(self.session.learner_id, self.key, entry)
        self.entry = entry
        self.saved = True
        self.message.value = f"<p role='status'><strong>Saved to your journal.</strong></p>{self._history()}"
