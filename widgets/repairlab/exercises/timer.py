"""The response timer of practice in pairs: a countdown that runs in the browser.

An ipywidgets ``Play`` ticks once a second and drives a progress bar through a browser-side
link, so it keeps time with no round trip to the kernel. Kept apart from ``partner.py`` so that
a reflection practised in pairs does not import the skill rounds and the feedback engine.
"""

from __future__ import annotations

import ipywidgets as w

SECONDS = 90


def response_timer(seconds: int = SECONDS) -> tuple[w.Play, w.IntProgress]:
    """A countdown of ``seconds``: Play ticks once a second and drives the bar."""
    play = w.Play(value=0, min=0, max=seconds, step=1, interval=1000, description="Timer",
                  show_repeat=False)
    bar = w.IntProgress(value=0, min=0, max=seconds, description=f"{seconds} s",
                        style={"description_width": "initial"}, layout=w.Layout(width="20em"))
    w.jslink((play, "value"), (bar, "value"))
    return play, bar
