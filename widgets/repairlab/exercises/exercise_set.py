"""Several exercises of one kind, one at a time, with Previous/Next: a short round of practice."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w
from traitlets import Int

from repairlab.html import e


class ExerciseSet(w.VBox):
    index = Int(0).tag(sync=False)

    def __init__(self, title: str, makers: list[Callable[[], w.Widget]], **kwargs):
        if not makers:
            raise ValueError("an exercise set needs at least one exercise")
        self.title = title
        self._makers = makers
        self._built: dict[int, w.Widget] = {}
        self.heading = w.HTML()
        self.holder = w.VBox()
        self.previous = w.Button(description="\u2190 Previous", layout=w.Layout(width="auto"))
        self.next = w.Button(description="Next \u2192", layout=w.Layout(width="auto"))
        self.previous.on_click(lambda _: self.go(self.index - 1))
        self.next.on_click(lambda _: self.go(self.index + 1))
        nav = w.HBox([self.previous, self.next], layout=w.Layout(flex_flow="row wrap"))
        super().__init__([self.heading, self.holder, nav], **kwargs)
        self.go(0)

    def __len__(self) -> int:
        return len(self._makers)

    @property
    def current(self) -> w.Widget:
        return self._built[self.index]

    def go(self, index: int) -> None:
        index = max(0, min(len(self._makers) - 1, index))
        if index not in self._built:
            self._built[index] = self._makers[index]()
        self.index = index
        self.holder.children = [self._built[index]]
        self.heading.value = f"<h4 role='status'>{e(self.title)}: {index + 1} of {len(self._makers)}</h4>"
        self.previous.disabled = index == 0
        self.next.disabled = index == len(self._makers) - 1
