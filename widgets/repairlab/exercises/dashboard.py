"""The learner's progress dashboard: plots with text alternatives, from the progress store.

Plots are PNG images with alt text and a table beside them, so nothing depends on colour or
on seeing the picture.
"""

from __future__ import annotations

import base64
import functools
import io

import ipywidgets as w

from repairlab.exercises.reaction import reaction_form
from repairlab.html import STYLE, e
from repairlab.practice import progress
from repairlab.practice.objective import current_objective
from repairlab.session import Session, current_session

_MARKERS = ["o", "s", "^", "D", "v", "P", "X"]


@functools.cache
def _pyplot():
    """matplotlib's pyplot, drawing to PNG, imported with the first plot: a learner with nothing to
    plot yet never pays for it (about 0.3 CPU-seconds and 28 MB in the page's kernel)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    _pyplot().close(fig)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figure(title: str, alt: str, fig) -> str:
    return (f"<figure class='rl-card'><img style='max-width:100%;height:auto' alt='{e(alt)}' "
            f"src='data:image/png;base64,{_png(fig)}'><figcaption>{e(title)}</figcaption></figure>")


def _table(frame, headers: list[str]) -> str:
    head = "".join(f"<th scope='col'>{e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{e(v)}</td>" for v in row) + "</tr>" for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class ProgressDashboard(w.VBox):
    def __init__(self, session: Session | None = None, **kwargs):
        self.session = session or current_session()
        self.refresh_button = w.Button(description="Refresh", layout=w.Layout(width="auto"))
        self.refresh_button.on_click(lambda _: self.refresh())
        self.body = w.HTML()
        super().__init__([self.refresh_button, self.body], **kwargs)
        self.refresh()

    def refresh(self) -> None:
        self.body.value = STYLE + self.render_html()

    def render_html(self) -> str:
        s, bank = self.session, self.session.bank
        taxonomy = bank.taxonomy
        answers = progress.answers_frame(s.store.answers(s.learner_id), bank)
        answers = answers[answers["pool"] == "practice"] if not answers.empty else answers
        self._feelings = {key: spec["label"] for key, spec in reaction_form()["feelings"].items()}
        reactions = progress.reactions_frame(s.store.reactions(s.learner_id), list(self._feelings))
        drafts = progress.drafts_frame(s.store.drafts(s.learner_id))
        journal = s.store.journal(s.learner_id)
        objective = self._objective(answers, journal, taxonomy)
        runs = s.store.scenario_runs(s.learner_id)
        if answers.empty and reactions.empty and drafts.empty and not runs:
            return objective + ("<div class='rl-card'><p>No practice recorded yet. Classify a few statements or "
                                "draft a response, and your progress will show here.</p></div>")
        parts = [objective, f"<h3>Your practice so far</h3><p>{len(answers)} statements classified, "
                 f"{len(drafts)} drafts written, {len(reactions)} reaction checks.</p>"]
        if not answers.empty:
            parts.append(self._accuracy_over_time(answers, taxonomy))
            parts.append(self._by_subtype(answers, taxonomy))
            parts.append(self._confusions(answers, taxonomy))
        if runs:
            parts.append(self._scenarios(runs))
        if not reactions.empty:
            parts.append(self._reactions(reactions))
        if not drafts.empty:
            parts.append(self._drafts(drafts))
        return "".join(parts)

    def _objective(self, answers, journal, taxonomy) -> str:
        """The learner's own objective first: the markers and skills they chose, and how practice on
        them is going (the skill rounds' criteria are ticked by the learner or a practice partner)."""
        objective = current_objective(journal)
        if not objective.is_set:
            return ("<div class='rl-card'><p><strong>Your objective.</strong> You have not set one yet: the "
                    "Start here module asks for it, and your practice will follow it.</p></div>")
        rows = []
        for marker in sorted(objective.markers):
            family, subtype = marker.split("/", 1)
            label = taxonomy.subtypes.get(family, {}).get(subtype)
            mine = answers[(answers["true_family"] == family) & (answers["true_subtype"] == subtype)] \
                if not answers.empty else answers
            done = f"{mine['correct'].mean():.0%} of {len(mine)}" if len(mine) else "not practised yet"
            rows.append(f"<tr><th scope='row'>{e(label.label if label else marker)}</th><td>{e(done)}</td></tr>")
        rounds = [j["entry"] for j in journal if j["exercise"] in ("skill_round", "partner_round")]
        for skill in sorted(objective.skills):
            mine = [r for r in rounds if r.get("skill") == skill]
            met = [len(v) / r["criteria"] for r in mine
                   for v in (r["met"].values() if isinstance(r["met"], dict) else [r["met"]])]
            done = (f"{len(mine)} round(s); criteria met {sum(met) / len(met):.0%}" if met else "not practised yet")
            rows.append(f"<tr><th scope='row'>Skill: {e(skill)}</th><td>{e(done)}</td></tr>")
        stated = f"<p>{e(objective.skill_text)}</p>" if objective.skill_text else ""
        table = (f"<table><thead><tr><th scope='col'>What you chose</th><th scope='col'>Practice so far</th></tr>"
                 f"</thead><tbody>{''.join(rows)}</tbody></table>") if rows else ""
        return f"<div class='rl-card'><h3>Your objective</h3>{stated}{table}</div>"

    def _accuracy_over_time(self, answers, taxonomy) -> str:
        curve = progress.accuracy_over_time(answers)
        fig, ax = _pyplot().subplots(figsize=(7, 3.2))
        for i, (family, group) in enumerate(curve.groupby("true_family")):
            ax.plot(group["n"], group["accuracy"], marker=_MARKERS[i % len(_MARKERS)],
                    label=taxonomy.families[family].label)
        ax.set_ylim(-0.05, 1.05)
        ax.set_xlabel("Statements answered")
        ax.set_ylabel("Accuracy (last 10)")
        ax.legend(fontsize="small", loc="lower right")
        table = progress.accuracy_by(answers, "true_family")
        table["true_family"] = table["true_family"].map(lambda k: taxonomy.families[k].label)
        table["accuracy"] = table["accuracy"].map(lambda x: f"{x:.0%}")
        alt = "; ".join(f"{r.true_family}: {r.accuracy} of {r.answers}" for r in table.itertuples())
        return _figure("Accuracy by family over time", f"Accuracy by family: {alt}", fig) + _table(
            table, ["Family", "Accuracy", "Answers"])

    def _by_subtype(self, answers, taxonomy) -> str:
        ruptures = answers[answers["true_family"].map(taxonomy.is_rupture)]
        if ruptures.empty:
            return ""
        table = progress.accuracy_by(ruptures, "true_subtype")
        labels = {k: v.label for subs in taxonomy.subtypes.values() for k, v in subs.items()}
        fig, ax = _pyplot().subplots(figsize=(7, 0.35 * len(table) + 1))
        ax.barh([labels[k] for k in table["true_subtype"]], table["accuracy"], hatch="//", edgecolor="black")
        ax.set_xlim(0, 1)
        ax.set_xlabel("Accuracy")
        alt = "; ".join(f"{labels[r.true_subtype]}: {r.accuracy:.0%}" for r in table.itertuples())
        return _figure("Accuracy by rupture marker", f"Accuracy by marker: {alt}", fig)

    def _confusions(self, answers, taxonomy) -> str:
        families = list(taxonomy.families)
        matrix = progress.confusions(answers, families)
        short = [taxonomy.families[f].label.replace(" rupture", "") for f in families]
        fig, ax = _pyplot().subplots(figsize=(5.5, 4.5))
        ax.imshow(matrix.values, cmap="Greys")
        ax.set_xticks(range(len(families)), short, rotation=35, ha="right")
        ax.set_yticks(range(len(families)), short)
        ax.set_xlabel("You chose")
        ax.set_ylabel("It was")
        top = matrix.values.max() or 1
        for i in range(len(families)):
            for j in range(len(families)):
                value = int(matrix.values[i, j])
                ax.text(j, i, str(value), ha="center", va="center",
                        color="white" if value > top / 2 else "black")
        off = [(families[i], families[j], int(matrix.values[i, j])) for i in range(len(families))
               for j in range(len(families)) if i != j and matrix.values[i, j]]
        off.sort(key=lambda t: -t[2])
        alt = "; ".join(f"{taxonomy.families[a].label} taken for {taxonomy.families[b].label}: {n}" for a, b, n in off[:5])
        return _figure("Confusions: what each kind of statement was taken for", alt or "No confusions yet", fig)

    @staticmethod
    def _scenarios(runs: list[dict]) -> str:
        """Scenarios played and the endings reached (a run left half-way counts as not finished)."""
        played = {r["scenario_id"] for r in runs}
        endings: dict[str, int] = {}
        for run in runs:
            kind = (run["ending_kind"] or "not_finished").replace("_", " ")
            endings[kind] = endings.get(kind, 0) + 1
        shown = ", ".join(f"{kind} {n}" for kind, n in sorted(endings.items()))
        return (f"<h4>Scenarios</h4><p>{len(played)} scenario{'s' if len(played) != 1 else ''} played in "
                f"{len(runs)} run{'s' if len(runs) != 1 else ''}. Endings reached: {e(shown)}.</p>")

    def _reactions(self, reactions) -> str:
        fig, ax = _pyplot().subplots(figsize=(7, 3))
        for i, (feeling, label) in enumerate(self._feelings.items()):
            if reactions[feeling].notna().any():
                ax.plot(range(1, len(reactions) + 1), reactions[feeling], marker=_MARKERS[i % len(_MARKERS)],
                        label=label)
        ax.set_xlabel("Reaction check")
        ax.set_ylabel("Rating (0-4)")
        ax.legend(fontsize="small")
        stance = reactions["stance"].value_counts()
        hooked, engaged = int(stance.get("hooked", 0)), int(stance.get("engaged", 0))
        alt = f"Feelings over {len(reactions)} checks; hooked {hooked}, engaged {engaged}."
        return _figure("Your reactions over time", alt, fig) + f"<p>Hooked {hooked} times, engaged {engaged} times.</p>"

    def _drafts(self, drafts) -> str:
        """How much drafting and redrafting there has been. The feedback engine's estimate is not
        shown as a measure of skill: it reads words, not tone (see How the feedback works)."""
        per_item = drafts.groupby("item_id")["attempt"].max()
        redrafted = int((per_item > 1).sum())
        return (f"<h4>Your drafts</h4><p>{len(drafts)} drafts to {len(per_item)} statements; {redrafted} "
                f"statement{'s' if redrafted != 1 else ''} redrafted at least once. Redrafting after feedback is "
                "where successive refinement happens.</p>")
