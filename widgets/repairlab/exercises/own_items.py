"""Bring your own difficult statements: keep them, and practise responding to them.

A trainee's hardest moments come from their own clients. Statements are stored in the
learner's own record (never shared, never in the bank); drafts to them get the same feedback,
with no model answers, since only the learner knows the client.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Int

from repairlab.app.preheat import when_served
from repairlab.exercises.written import written_line, written_text
from repairlab.feedback import analyse
from repairlab.html import STYLE, e
from repairlab.session import Session, current_session


class OwnStatements(w.VBox):
    count = Int(0).tag(sync=False)

    def __init__(self, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        style = {"description_width": "initial"}
        self.statement = written_text(description="What the client said", style=style,
                                      placeholder="Write it as close to their words as you can; leave out names.",
                                      layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        self.context = written_line(description="Context (optional)", style=style, layout=w.Layout(width="100%", max_width="48em"),
                                    placeholder="e.g. adolescent, session 5, after I suggested a behaviour plan")
        self.add = w.Button(description="Keep this statement", layout=w.Layout(width="auto"))
        self.choose = w.Dropdown(description="Practise with", style=style, options=[], value=None,
                                 layout=w.Layout(width="100%", max_width="48em"))
        self.draft = written_text(description="Your response", style=style,
                                  layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        self.get_feedback = w.Button(description="Get feedback", button_style="primary", layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.add.on_click(lambda _: self._add())
        self.get_feedback.on_click(lambda _: self._feedback())
        intro = w.HTML(f"{STYLE}<div class='rl-card'><p><strong>Your own statements.</strong> Add moments from your "
                       "own work that you found hard. They stay in your own progress record.</p></div>")
        super().__init__([intro, self.statement, self.context, self.add, self.choose, self.draft,
                          self.get_feedback, self.message], **kwargs)
        # In a heated kernel, the learner's own statements are read once they have arrived.
        when_served(self._refresh)

    def _refresh(self) -> None:
        items = self.session.store.own_items(self.session.learner_id)
        self.count = len(items)
        self.choose.options = [(i["statement"][:70] + ("..." if len(i["statement"]) > 70 else ""), i["uid"]) for i in items]
        self.choose.value = items[-1]["uid"] if items else None

    def add_statement(self, statement: str, context: str = "") -> None:
        self.statement.value, self.context.value = statement, context
        self._add()

    def _add(self) -> None:
        if not self.statement.value.strip():
            self.message.value = "<p role='status'>Write the client's words first.</p>"
            return
        self.session.store.add_own_item(self.session.learner_id, self.statement.value, self.context.value)
        self.statement.value = self.context.value = ""
        self.message.value = "<p role='status'>Kept. Choose it below and draft a response.</p>"
        self._refresh()

    def respond(self, text: str) -> None:
        self.draft.value = text
        self._feedback()

    def _feedback(self) -> None:
        uid = self.choose.value
        if uid is None:
            self.message.value = "<p role='status'>Add a statement first.</p>"
            return
        item = next(i for i in self.session.store.own_items(self.session.learner_id) if i["uid"] == uid)
        result = analyse(item["statement"], self.draft.value)
        if self.draft.value.strip():
            self.session.store.record_draft(self.session.learner_id, f"own:{uid}", self.draft.value,
                                            score=result.score, moves=result.move_keys, pulls=result.pull_keys)
        self.message.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'><p>{e(result.message)}</p>"
                              "<p class='rl-muted'>Automatic feedback reads your words, not your tone.</p></div>")
