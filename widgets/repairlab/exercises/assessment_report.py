"""The learner's before/after report, as a table and a plot with a text alternative."""

from __future__ import annotations

import ipywidgets as w

from repairlab.html import STYLE, e
from repairlab.practice.form_results import form_results
from repairlab.session import Session, current_session


def _pct(x) -> str:
    return "n/a" if x is None else f"{x:.0%}"


class AssessmentReport(w.VBox):
    def __init__(self, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.body = w.HTML()
        refresh = w.Button(description="Refresh", layout=w.Layout(width="auto"))
        refresh.on_click(lambda _: self.refresh())
        super().__init__([refresh, self.body], **kwargs)
        self.refresh()

    def refresh(self) -> None:
        s = self.session
        results = form_results(s.bank, s.store.answers(s.learner_id), s.store.drafts(s.learner_id),
                               s.store.reactions(s.learner_id), s.store.journal(s.learner_id))
        self.results = results
        if not results:
            self.body.value = f"{STYLE}<p>No assessment taken yet. Take one form before you start and the other at the end.</p>"
            return
        taxonomy = s.bank.taxonomy
        families = list(taxonomy.families)
        head = "".join(f"<th scope='col'>{e('Before' if i == 0 else 'After')} ({e(taxonomy.pools[r.form].label)})</th>"
                       for i, r in enumerate(results[:2]))
        rows = [("Accuracy overall", [_pct(r.accuracy) for r in results[:2]])]
        rows += [(taxonomy.families[f].label, [_pct(r.accuracy_by_family.get(f)) for r in results[:2]]) for f in families]
        rows += [("Responding (your rubric rating)", [_pct(r.responding) for r in results[:2]]),
                 ("Felt hooked", [_pct(r.hooked_share) for r in results[:2]]),
                 ("Felt engaged", [_pct(r.engaged_share) for r in results[:2]])]
        body = "".join(f"<tr><th scope='row'>{e(name)}</th>" + "".join(f"<td>{e(v)}</td>" for v in values) + "</tr>"
                       for name, values in rows)
        table = f"<table><thead><tr><th scope='col'>Measure</th>{head}</tr></thead><tbody>{body}</tbody></table>"
        figure = ""
        if len(results) >= 2:
            # The dashboard's plotting, and with it matplotlib, only once there are two forms to compare.
            from repairlab.exercises.dashboard import _figure, _pyplot

            plt = _pyplot()
            before, after = results[0], results[1]
            labels = ["Recognising", "Responding (self-rated)", "Engaged"]
            b = [before.accuracy, before.responding or 0, before.engaged_share or 0]
            a = [after.accuracy, after.responding or 0, after.engaged_share or 0]
            fig, ax = plt.subplots(figsize=(6, 3))
            x = range(len(labels))
            ax.bar([i - 0.2 for i in x], b, width=0.4, label="Before", color="white", edgecolor="black", hatch="//")
            ax.bar([i + 0.2 for i in x], a, width=0.4, label="After", color="grey", edgecolor="black")
            ax.set_xticks(list(x), labels)
            ax.set_ylim(0, 1)
            ax.legend()
            alt = "; ".join(f"{lab}: {bv:.2f} before, {av:.2f} after" for lab, bv, av in zip(labels, b, a))
            figure = _figure("Before and after", alt, fig)
        note = ("<p class='rl-muted'>Recognising is marked against the bank's labels. Responding is your own "
                "rating of your drafts with the course rubric; the automatic feedback's estimate is not used "
                "here, because it reads words, not tone.</p>")
        self.body.value = f"{STYLE}<h3>Your before and after</h3>{table}{note}{figure}"
