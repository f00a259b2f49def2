"""Links between modules, so a learner in Voilà never has to type a URL.

Links are relative (``02_recognising_ruptures.ipynb``), which Voilà resolves to its render URL
and JupyterLab to the notebook, so the same cell works in both.
"""

from __future__ import annotations

import ipywidgets as w

from repairlab.app.catalog import modules
from repairlab.app.preheat import when_served
from repairlab.html import STYLE, e
from repairlab.session import current_session


def module_nav(stem: str) -> w.HTML:
    """A bar at the top of a module: back to all modules, previous, next. Records the visit."""
    catalogue = modules()
    stems = [m.stem for m in catalogue]
    if stem not in stems:
        raise KeyError(f"no module {stem!r}; known: {', '.join(stems)}")
    session = current_session()
    # The visit is the learner's, so in a heated kernel it is noted when they arrive.
    when_served(lambda: session.store.record_journal(session.learner_id, "module_visit", {"module": stem}))
    i = stems.index(stem)
    links = ["<a href='index.ipynb'>\u2190 All modules</a>"]
    if i > 0:
        links.append(f"<a href='{e(catalogue[i - 1].file)}'>Previous: {e(catalogue[i - 1].title)}</a>")
    if i + 1 < len(catalogue):
        links.append(f"<a href='{e(catalogue[i + 1].file)}'>Next: {e(catalogue[i + 1].title)} \u2192</a>")
    # A widget, not rich output: JupyterLab's renderer would open every link in a new tab.
    return w.HTML(f"{STYLE}<nav aria-label='Modules' style='display:flex;flex-wrap:wrap;gap:1.5em'>{''.join(links)}</nav>")
