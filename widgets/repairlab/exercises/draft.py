"""Draft a response, get feedback, compare with exemplary and poor responses, redraft.

Every draft is kept (in the store, and on screen), so the learner sees their successive
refinement. The model responses are revealed only on request, side by side with their tags.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Int, List, Unicode

from repairlab.app.preheat import when_served
from repairlab.bank.schema import Vignette
from repairlab.exercises.reaction import reaction_form
from repairlab.exercises.written import written_text
from repairlab.feedback import analyse
from repairlab.feedback.safety import safety_check
from repairlab.html import STYLE, e, statement_card
from repairlab.session import Session, current_session


def _highlight(analysis) -> str:
    """The learner's draft with each piece of evidence listed under it (never raw HTML)."""
    rows = "".join(
        f"<li><span class='rl-tag'>{'move' if ev.kind == 'move' else 'pull'}</span>"
        f"{e(ev.label)}: \u201c{e(ev.words)}\u201d</li>"
        for ev in analysis.moves + analysis.pulls
    )
    return f"<ul>{rows}</ul>" if rows else ""


class DraftExercise(w.VBox):
    item_id = Unicode(read_only=True).tag(sync=False)
    attempts = Int(0).tag(sync=False)
    drafts = List().tag(sync=False)  # [{"attempt", "text", "score", "moves", "pulls"}]

    def __init__(self, item: Vignette | str, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.item = self.session.bank.get(item) if isinstance(item, str) else item
        self.set_trait("item_id", self.item.id)
        taxonomy = self.session.bank.taxonomy

        self.card = w.HTML(statement_card(self.item, taxonomy.modalities[self.item.context.modality].label))
        self.text = written_text(
            placeholder="Write what you would say to the client, as you would say it aloud.",
            description="Your response", style={"description_width": "initial"},
            layout=w.Layout(width="100%", max_width="48em", height="6em"),
        )
        self.get_feedback = w.Button(description="Get feedback", button_style="primary",
                                     layout=w.Layout(width="auto"))
        # The models unlock after a first draft: producing a reply comes before recognising one.
        self.reveal = w.Button(description="Show exemplary and poor responses", layout=w.Layout(width="auto"),
                               disabled=True, tooltip="Write a first draft to unlock")
        self.feedback = w.HTML()
        self.models = w.HTML()
        self.history = w.HTML()
        quick = reaction_form()["quick"]
        self.before = w.ToggleButtons(
            options=[(label, key) for key, label in quick.items()], value=None,
            description="Before you answer (optional), I feel", style={"description_width": "initial", "button_width": "auto"},
        )
        self.before.observe(self._before, names="value")
        self.get_feedback.on_click(self._feedback)
        self.reveal.on_click(self._reveal)

        self.drafts: list[dict] = []
        self.attempts = 0
        # Earlier drafts are the learner's: read when they arrive in a heated kernel (app/preheat.py).
        when_served(self._read_earlier_drafts)
        buttons = w.HBox([self.get_feedback, self.reveal], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.card, self.before, self.text, buttons, self.feedback, self.models, self.history], **kwargs)
        self.add_class("rl-draft")

    def _read_earlier_drafts(self) -> None:
        earlier = self.session.store.drafts(self.session.learner_id, self.item.id)
        self.drafts = [{k: d[k] for k in ("attempt", "text", "score", "moves", "pulls")} for d in earlier]
        self.attempts = len(self.drafts)
        self.reveal.disabled = self.attempts == 0
        self._render_history()

    def _before(self, change) -> None:
        if change["new"] is None:
            return
        self.session.store.record_reaction(
            self.session.learner_id, challenge=None, quick=change["new"], item_id=self.item.id,
            note="before drafting",
        )

    def submit(self, text: str) -> dict:
        """Draft from Python (tests, notebooks): same path as typing and clicking."""
        self.text.value = text
        self._feedback()
        return self.drafts[-1] if self.drafts else {}

    def _feedback(self, button=None) -> None:
        text = self.text.value
        analysis = analyse(self.item.client_statement, text, context=f"{self.item.context.setting} {self.item.context.moment}")
        if not text.strip():
            self.feedback.value = f"{STYLE}<div class='rl-card' role='status'>{e(analysis.message)}</div>"
            return
        attempt = self.session.store.record_draft(
            self.session.learner_id, self.item.id, text, score=analysis.score,
            moves=analysis.move_keys, pulls=analysis.pull_keys,
        )
        self.drafts = [*self.drafts, {"attempt": attempt, "text": text, "score": analysis.score,
                                      "moves": analysis.move_keys, "pulls": analysis.pull_keys}]
        self.attempts = attempt
        self.reveal.disabled = False
        safety = ""
        if "risk" in self.item.tags:  # safety comes before rupture work, in the feedback too
            note = safety_check(text)
            mark, cls = ("\u2714", "rl-ok") if note.attends_to_risk else ("\u26a0", "rl-no")
            words = f" (\u201c{e(note.words)}\u201d)" if note.words else ""
            safety = f"<div class='rl-card {cls}'><p><strong>{mark}</strong> {e(note.message)}{words}</p></div>"
        self.feedback.value = (
            f"{STYLE}<div class='rl-card' role='status' aria-live='polite'>{safety}"
            f"<p><strong>Feedback on draft {attempt}.</strong> {e(analysis.message)}</p>"
            f"{_highlight(analysis)}"
            "<p class='rl-muted'>Automatic feedback reads your words, not your tone: use it to notice what "
            "a draft does, not as a grade. <a href='how_the_feedback_works.ipynb' target='_blank'>How the "
            "feedback works</a>: what it reads, what it misses, and how often it agrees with experts.</p></div>"
        )
        self._render_history()

    def _reveal(self, button=None) -> None:
        if not self.attempts:
            return
        taxonomy = self.session.bank.taxonomy
        good = "".join(
            f"<li><p>\u201c{e(r.text)}\u201d</p><p><span class='rl-tag'>{e(taxonomy.strategies[r.strategy].label)}</span>"
            + (f"<span class='rl-tag'>{e(taxonomy.strategies[r.strategy].get('approach', '').capitalize())}</span>"
               if taxonomy.strategies[r.strategy].get("approach") else "")
            + (f"<span class='rl-tag'>Stage {r.stage}: {e(taxonomy.stages[r.stage].label)}</span>" if r.stage else "")
            + f"</p><p class='rl-muted'>{e(r.why)}</p></li>"
            for r in self.item.exemplary_responses
        )
        poor = "".join(
            f"<li><p>\u201c{e(r.text)}\u201d</p><p><span class='rl-tag'>Pull: {e(taxonomy.pulls[r.pull].label)}</span></p>"
            f"<p class='rl-muted'>{e(r.why)}</p></li>"
            for r in self.item.poor_responses
        )
        self.models.value = (
            f"{STYLE}<div class='rl-card'><div class='rl-cols'>"
            f"<section aria-label='Exemplary responses'><h4>\u2714 Exemplary responses</h4><ol>{good}</ol></section>"
            f"<section aria-label='Poor or typical responses'><h4>\u2716 Typical poor responses</h4><ol>{poor}</ol></section>"
            "</div><p>Compare, then try another draft in your own words.</p></div>"
        )

    def _render_history(self) -> None:
        if not self.drafts:
            self.history.value = ""
            return
        rows = "".join(
            f"<li><strong>Draft {d['attempt']}</strong>: \u201c{e(d['text'])}\u201d</li>"
            for d in self.drafts
        )
        self.history.value = f"{STYLE}<div class='rl-card'><h4>Your drafts so far</h4><ol>{rows}</ol></div>"
