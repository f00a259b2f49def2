"""Fields for text a learner writes and then sends with a button (a draft, a comment, a folder).

The browser sends a field's value to the kernel as it is typed, but while one update is on its way
it holds the rest back, and a button's press is not held back: pressed quickly after typing, or
while the kernel is busy, the button can reach the kernel before the last words do, and a draft
is scored or saved without its end. These fields send their value once, when the learner leaves
the field (pressing the button does that), so it always arrives before the press. A field whose
value something watches while it is typed (enabling a button, say) keeps the live updates.
"""

from __future__ import annotations

import ipywidgets as w


def written_text(**kwargs) -> w.Textarea:
    return w.Textarea(continuous_update=False, **kwargs)


def written_line(**kwargs) -> w.Text:
    return w.Text(continuous_update=False, **kwargs)
