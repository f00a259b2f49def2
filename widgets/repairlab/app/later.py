"""Exercises further down a module page are made when the learner comes near them.

Before a Voilà page shows its first control, the kernel sends the state of every widget on the
page and the browser makes a model for each and a view for those shown: on the longest modules,
200 to 300 widgets (05 has seven reflections and a reaction check), all before anything can be
used. In Voilà, then, a page's first exercise is made and sent as it is, and each exercise after it
as ``Later``: a single button ("Show the reflection") that makes the exercise when pressed. The
page template's script (``share/jupyter/voila/templates/repairlab/static/later.js``) presses it
when the exercise comes within a screen of the viewport, and, once the page has been usable for a
moment, presses the rest one at a time while the browser is idle, so that the whole page is soon
there for searching, printing and screen readers. Where no script runs, the button works by hand.

Made on press, not before: an exercise made in advance and only held back from view still costs
the page its widgets' states and models (measured on 05: 1.78 s to interactive held back, 1.56 s
not made; benchmarks/app_benchmark.py, section 6h).

Outside Voilà (JupyterLab, nbgrader, the tests) every exercise is made at once, and so it is in
Voilà with ``REPAIRLAB_WHOLE_PAGES=1``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from repairlab import settings

_placed = 0


def new_page() -> None:
    """A module page starts (``ui.begin``): its first exercise will be made at once."""
    global _placed
    _placed = 0


def place(make: Callable[[], w.Widget], label: str) -> w.Widget:
    """The page's next exercise as the learner should get it: the first made at once, the rest when
    they come near it (``make`` makes it; ``label`` names it on the button until then)."""
    global _placed
    _placed += 1
    if _placed == 1 or not settings.makes_exercises_when_reached():
        return make()
    return Later(make, label)


class Later(w.VBox):
    """An exercise shown as one button until the learner comes near it, then made in its place."""

    def __init__(self, make: Callable[[], w.Widget], label: str):
        self._make = make
        self.exercise: w.Widget | None = None
        self.show_button = w.Button(description=label, layout=w.Layout(width="max-content"),
                                    tooltip="It also opens by itself as you scroll to it")
        self.show_button.on_click(lambda _: self.draw())
        super().__init__([self.show_button])
        self.add_class("rl-later")

    @property
    def drawn(self) -> bool:
        return self.exercise is not None

    def draw(self) -> None:
        """Make the exercise and put it in the button's place (not ``open``: that is ipywidgets'
        own, which opens the widget's channel to the browser)."""
        if self.exercise is None:
            self.exercise = self._make()
            self.children = (self.exercise,)
