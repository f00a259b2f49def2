"""Rating one's own drafted responses with the course rubric, after a self-assessment form.

In a course, an instructor grades the pre and post drafts by hand; in self-study the learner
rates their own, criterion by criterion, with the same anchors, once the form is done (no
feedback during the form). The ratings, not the feedback engine's estimate, are what the
before-and-after report shows for responding: the engine reads words, not tone.
"""

from __future__ import annotations

import ipywidgets as w

from repairlab.bank.schema import Vignette
from repairlab.course.spec import load_rubric
from repairlab.html import STYLE, e
from repairlab.session import Session, current_session

JOURNAL_KIND = "response_rating"


class RubricRating(w.VBox):
    """One block per drafted response: the statement, the draft, a 0-1-2 choice per criterion."""

    def __init__(self, form: str, drafts: list[tuple[Vignette, str]], session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.form, self.drafts = form, drafts
        self.rubric = load_rubric()
        self.choices: dict[str, dict[str, w.ToggleButtons]] = {}
        blocks = [w.HTML(f"{STYLE}<div class='rl-card'><h4>Rate your responses</h4><p>{e(self.rubric.instructions)}"
                         "</p><p>Rate each draft as a careful supervisor would. Your ratings are what the "
                         "before-and-after report shows for responding.</p></div>")]
        for item, text in drafts:
            controls = {}
            rows = [w.HTML(f"{STYLE}<div class='rl-card'><p><strong>Client:</strong> {e(item.client_statement)}</p>"
                           f"<p><strong>You wrote:</strong> {e(text)}</p></div>")]
            for criterion in self.rubric.criteria:
                anchors = "".join(f"<li><strong>{a.score}</strong>: {e(a.description)}</li>" for a in criterion.anchors)
                toggle = w.ToggleButtons(options=[str(a.score) for a in criterion.anchors], value=None,
                                         description=criterion.title, style={"description_width": "initial"})
                toggle.observe(self._ready, names="value")
                controls[criterion.key] = toggle
                rows += [toggle, w.HTML(f"<details><summary>What earns each score</summary><ul>{anchors}</ul>"
                                        "</details>")]
            self.choices[item.id] = controls
            blocks.append(w.VBox(rows))
        self.save = w.Button(description="Save my ratings", button_style="primary", disabled=True,
                             layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.save.on_click(lambda _: self._save())
        super().__init__([*blocks, self.save, self.message], **kwargs)

    def _ready(self, change=None) -> None:
        self.save.disabled = any(t.value is None for controls in self.choices.values() for t in controls.values())

    def rate(self, scores: dict[str, dict[str, int]]) -> None:
        """Rate from Python (tests): ``{item_id: {criterion_key: score}}``; same path as clicking."""
        for item_id, by_criterion in scores.items():
            for key, score in by_criterion.items():
                self.choices[item_id][key].value = str(score)
        self._save()

    def _save(self) -> None:
        self._ready()
        if self.save.disabled:
            return
        top = self.rubric.points
        for item_id, controls in self.choices.items():
            scores = {key: int(t.value) for key, t in controls.items()}
            self.session.store.record_journal(self.session.learner_id, JOURNAL_KIND, {
                "form": self.form, "item_id": item_id, "scores": scores, "total": sum(scores.values()), "max": top})
        self.message.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'><p><strong>Saved.</strong> "
                              "Your report shows these beside your recognising.</p></div>")
        self.save.disabled = True
