"""The reaction check: how hard was that, what did I feel, was I hooked or engaged?

It follows the APA series' assess-and-adjust step: "too hard" means step back a level, "too
easy" means step up, "good challenge" means stay. The form's wording is data
(``data/practice/reaction_form.yaml``).
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as w
from traitlets import Bool, Dict, Unicode

from repairlab import paths
from repairlab.html import STYLE, e
from repairlab.session import Session, current_session


@lru_cache(maxsize=1)
def reaction_form() -> dict:
    """The reaction form, checked against its schema (a problem names the file, line and field)."""
    from repairlab.datafiles import ReactionForm, load_data_file

    return load_data_file(paths.reaction_form_file(), ReactionForm).model_dump()


def reaction_controls(form: dict, challenge_prompt: str):
    """The form's three controls: how hard it was, feeling sliders, hooked or engaged.

    Shared by the self-study reaction check and the graded one, so both ask the same questions.
    """
    challenge = w.ToggleButtons(
        options=[(spec["label"], key) for key, spec in form["challenge"].items()], value=None,
        description=challenge_prompt, style={"description_width": "initial", "button_width": "auto"},
    )
    top = form["scale_max"]
    feelings = {
        key: w.IntSlider(value=0, min=0, max=top, description=spec["label"],
                         style={"description_width": "initial"}, continuous_update=False,
                         tooltip=f"0 = {spec['low']}, {top} = {spec['high']}")
        for key, spec in form["feelings"].items()
    }
    stance = w.ToggleButtons(
        options=[(spec["label"], key) for key, spec in form["stance"].items()], value=None,
        description="I felt mostly", style={"description_width": "initial", "button_width": "auto"},
        tooltips=[spec["definition"] for spec in form["stance"].values()],
    )
    return challenge, feelings, stance


class ReactionCheck(w.VBox):
    item_id = Unicode(allow_none=True, default_value=None).tag(sync=False)
    saved = Bool(False).tag(sync=False)
    result = Dict().tag(sync=False)

    def __init__(self, item_id: str | None = None, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.item_id = item_id
        form = reaction_form()
        self.form = form
        signs = "".join(
            f"<li><strong>{e(spec['label'])}:</strong> {e(spec['signs'])}</li>" for spec in form["challenge"].values()
        )
        self.intro = w.HTML(f"{STYLE}<div class='rl-card'><p><strong>Reaction check.</strong> How was that round?</p>"
                            f"<ul>{signs}</ul></div>")
        self.challenge, self.feelings, self.stance = reaction_controls(form, "This round was")
        self.save = w.Button(description="Save reaction", disabled=True, layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.challenge.observe(self._ready, names="value")
        self.stance.observe(self._ready, names="value")
        self.save.on_click(self._save)
        scale = w.HTML(f"<span class='rl-muted'>Feelings: 0 = not at all, {form['scale_max']} = very.</span>")
        super().__init__([self.intro, self.challenge, scale, *self.feelings.values(), self.stance,
                          self.save, self.message], **kwargs)

    def _ready(self, change=None) -> None:
        self.save.disabled = self.challenge.value is None or self.stance.value is None

    def submit(self, challenge: str, stance: str, **feelings: int) -> dict:
        """Fill in and save from Python; same path as the clicks."""
        self.challenge.value = challenge
        self.stance.value = stance
        for key, value in feelings.items():
            self.feelings[key].value = value
        self._save()
        return self.result

    def _save(self, button=None) -> None:
        if self.challenge.value is None or self.stance.value is None:
            return
        feelings = {key: slider.value for key, slider in self.feelings.items()}
        self.session.store.record_reaction(
            self.session.learner_id, challenge=self.challenge.value, feelings=feelings, item_id=self.item_id,
            stance=self.stance.value,
        )
        spec = self.form["challenge"][self.challenge.value]
        self.result = {"challenge": self.challenge.value, "stance": self.stance.value, "feelings": feelings,
                       "adjust": spec["adjust"]}
        self.message.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'>"
                              f"<p><strong>Saved.</strong> {e(spec['advice'])}</p></div>")
        self.saved = True
