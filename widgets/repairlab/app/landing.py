"""The landing page: every module as a card with the learner's progress, and ways into practice."""

from __future__ import annotations

import ipywidgets as w

from repairlab.app.catalog import modules
from repairlab.html import STYLE, e
from repairlab.session import current_session

_CARDS = """
<style>
.rl-grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(16em,1fr));gap:1em;max-width:64em}
.rl-grid a.rl-module{display:block;border:1px solid #767676;border-radius:8px;padding:0.9em;color:inherit;text-decoration:none}
.rl-grid a.rl-module:hover,.rl-grid a.rl-module:focus{outline:3px solid #1a5fb4;outline-offset:2px}
</style>
"""


def landing_html() -> str:
    session = current_session()
    visits = {}
    for entry in session.store.journal(session.learner_id, "module_visit"):
        visits[entry["entry"].get("module")] = entry["at"][:10]
    answers = len(session.store.answers(session.learner_id))
    drafts = len(session.store.drafts(session.learner_id))
    cards = []
    for m in modules():
        seen = visits.get(m.stem)
        status = f"\u2714 Visited (last {e(seen)})" if seen else "\u25cb Not started"
        cards.append(
            f"<a class='rl-module' href='{e(m.file)}'><strong>{m.order}. {e(m.title)}</strong>"
            f"<p>{e(m.summary)}</p><p class='rl-muted'>About {m.minutes} minutes \u00b7 {status}</p></a>"
        )
    total = len(session.bank.practice_items())
    return (
        f"{STYLE}{_CARDS}<p>{total} practice statements are waiting. So far you have answered {answers} "
        f"and written {drafts} drafts.</p><nav aria-label='Modules'><div class='rl-grid'>{''.join(cards)}</div></nav>"
        "<p>Coaching someone? <a href='coach.ipynb'>Open your trainees' practice records</a>. "
        "Wondering how the automatic feedback reads your drafts? <a href='how_the_feedback_works.ipynb'>How "
        "the feedback works</a>.</p>"
    )


def show() -> w.HTML:
    """As a widget, not rich output: JupyterLab's renderer would open every link in a new tab."""
    return w.HTML(landing_html())
