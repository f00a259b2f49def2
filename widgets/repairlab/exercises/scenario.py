"""Playing a scenario: the client answers back, turn by turn.

At each client turn the learner first writes what they would say (required, and kept), may
note how they feel, then sees the options in shuffled order and picks the one closest to what
they meant; the client answers according to that option. They can go back to any earlier turn
and try another path; every run is saved in the progress store as it happens. At an ending the
debrief draws the path against an expert path, shows the transcript with the learner's drafts
beside the options they chose, and ends with one thing to try next time.

The rules of play live in ``repairlab.scenarios.run``; this widget only shows them.
"""

from __future__ import annotations

import random

import ipywidgets as w
from traitlets import Bool, Int, Unicode

from repairlab.app.preheat import when_served
from repairlab.exercises.reaction import reaction_form
from repairlab.html import STYLE, e
from repairlab.scenarios import Scenario, ScenarioRun, load_scenarios
from repairlab.scenarios.picture import path_picture
from repairlab.scenarios.suggest import nearest_option
from repairlab.session import Session, current_session

_LETTERS = "ABCD"
_ENDING_WORDS = {"resolved": "Resolved", "partly_resolved": "Partly resolved", "unresolved": "Unresolved",
                 "deepened": "The rupture deepened"}


def scenario_header(scenario: Scenario, modality_label: str) -> str:
    c = scenario.context
    return (f"{STYLE}<div class='rl-card' role='group' aria-label='The scenario'>"
            f"<h4>{e(scenario.title)}</h4><div class='rl-context'><strong>Client:</strong> {e(c.client)}<br>"
            f"<strong>Setting:</strong> {e(c.setting)} ({e(modality_label)}), session {c.session}<br>"
            f"<strong>Just before:</strong> {e(c.moment)}</div></div>")


class ScenarioPlayer(w.VBox):
    """One scenario, played as often as the learner likes; ``run_id`` is the run being played."""

    scenario_id = Unicode(read_only=True).tag(sync=False)
    run_id = Unicode("").tag(sync=False)
    turn = Int(0).tag(sync=False)            # turns taken on this run
    finished = Bool(False).tag(sync=False)
    choosing = Bool(False).tag(sync=False)   # the draft is written; the options are showing

    def __init__(self, scenario: Scenario | str, session: Session | None = None, *, seed: int | None = None,
                 **kwargs):
        self.session = session or current_session()
        self.scenario = load_scenarios().get(scenario) if isinstance(scenario, str) else scenario
        self.set_trait("scenario_id", self.scenario.id)
        self.run = ScenarioRun(self.scenario)
        self._random = random.Random(seed)
        self._saved = 0  # turns of this run already in the store
        taxonomy = self.session.bank.taxonomy

        self.header = w.HTML(scenario_header(self.scenario, taxonomy.modalities[self.scenario.context.modality].label))
        self.history = w.HTML()
        self.client = w.HTML()
        self.draft = w.Textarea(placeholder="Write what you would say to the client, as you would say it aloud.",
                                description="Your reply", style={"description_width": "initial"},
                                layout=w.Layout(width="100%", max_width="48em", height="5em"))
        quick = reaction_form()["quick"]
        self.reaction = w.ToggleButtons(options=[(label, key) for key, label in quick.items()], value=None,
                                        description="How I feel (optional)",
                                        style={"description_width": "initial", "button_width": "auto"})
        self.show_options = w.Button(description="Show the options", button_style="primary", disabled=True,
                                     layout=w.Layout(width="auto"))
        self.hint = w.HTML()
        self.options = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%", max_width="48em"),
                                      description="Closest to what I meant:", style={"description_width": "initial"})
        self.say = w.Button(description="Say this", disabled=True, layout=w.Layout(width="auto"))
        self.back_to = w.Dropdown(options=[], description="Go back to turn", style={"description_width": "initial"},
                                  layout=w.Layout(width="auto"))
        self.back_button = w.Button(description="Try another path from there", layout=w.Layout(width="auto"))
        self.debrief = w.HTML()
        self.again = w.Button(description="Play again from the start", layout=w.Layout(width="auto"))
        self.answer_box = w.VBox([self.draft, self.reaction, self.show_options, self.hint, self.options, self.say])
        self.back_box = w.HBox([self.back_to, self.back_button], layout=w.Layout(flex_flow="row wrap"))

        self.draft.observe(self._draft_changed, names="value")
        self.options.observe(lambda change: setattr(self.say, "disabled", change["new"] is None), names="value")
        self.show_options.on_click(lambda _: self.reveal_options())
        self.say.on_click(lambda _: self.choose(self.options.value))
        self.back_button.on_click(lambda _: self.back(self.back_to.value))
        self.again.on_click(lambda _: self.back(0))
        super().__init__([self.header, self.history, self.client, self.answer_box, self.debrief, self.back_box],
                         **kwargs)
        self.add_class("rl-scenario")
        self._show_turn()

    # The learner's moves -------------------------------------------------------------------

    def write(self, draft: str, reaction: str | None = None) -> None:
        """Type a reply and show the options (the same path as typing and clicking)."""
        self.draft.value = draft
        if reaction is not None:
            self.reaction.value = reaction
        self.reveal_options()

    def reveal_options(self) -> None:
        if not self.draft.value.strip() or self.run.node is None:
            return
        node = self.run.node
        order = list(range(len(node.options)))
        self._random.shuffle(order)
        self.options.options = [(f"{_LETTERS[i]}. {node.options[k].text}", k) for i, k in enumerate(order)]
        self.options.value = None
        near = nearest_option(self.draft.value, node)
        self.hint.value = (f"<p class='rl-muted' role='status'>Suggestion: your reply shares most words with option "
                           f"{_LETTERS[order.index(near)]}. Words are not meaning, so choose the one closest to what "
                           "you meant.</p>") if near is not None else ""
        self.draft.disabled = True
        self.show_options.disabled = True
        self.options.layout.display = None
        self.choosing = True

    @property
    def shown_order(self) -> list[int]:
        """The authored indexes of the options, in the order they are shown."""
        return [value for _, value in self.options.options]

    def choose(self, option: int | None) -> str:
        """Take the option with authored index ``option``; returns where it leads (node or ending)."""
        if option is None or not self.choosing:
            raise ValueError("write your reply and show the options before choosing")
        leads_to = self.run.choose(option, self.draft.value, self.reaction.value or "")
        self._save_turns()
        self.draft.value = ""
        self.reaction.value = None
        self._show_turn()
        return leads_to

    def back(self, turn: int | None) -> None:
        """Go back to turn ``turn`` (0 = the first) and start a new run from there; the old run stays."""
        if turn is None:
            return
        self.run.back(turn)
        self.run_id, self._saved = "", 0
        if self.run.turns:
            self._save_turns()
        self._show_turn()

    # Saving and showing ----------------------------------------------------------------------

    def _save_turns(self) -> None:
        steps = []
        for turn in self.run.turns[self._saved:]:
            option = self.scenario.nodes[turn.node].options[turn.option]
            ending = self.scenario.endings.get(option.next)
            steps.append({"node": turn.node, "choice": turn.option + 1, "draft": turn.draft,
                          "reaction": turn.reaction, "leads_to": option.next,
                          "ending_kind": ending.kind if ending else None})
        store, learner = self.session.store, self.session.learner_id
        if not self.run_id:
            self.run_id = store.record_scenario_run(learner, self.scenario.id, steps)
        else:
            store.extend_scenario_run(learner, self.scenario.id, self.run_id, steps, first_turn=self._saved + 1)
        self._saved = len(self.run.turns)

    def _draft_changed(self, change) -> None:
        self.show_options.disabled = not change["new"].strip() or self.choosing

    def _show_turn(self) -> None:
        self.turn = len(self.run.turns)
        self.choosing = False
        self.options.options = []
        self.options.layout.display = "none"
        self.hint.value = ""
        self.say.disabled = True
        self.draft.disabled = False
        self._render_history()
        self.back_to.options = [(f"{i + 1}", i) for i in range(len(self.run.turns))]
        self.back_box.layout.display = None if self.run.turns else "none"
        ending = self.run.ending
        self.finished = ending is not None
        if ending is None:
            self.client.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'>"
                                 f"<p class='rl-muted'>Turn {self.turn + 1}</p><blockquote class='rl-statement'>"
                                 f"<strong>Client:</strong> {e(self.run.node.client)}</blockquote></div>")
            self.answer_box.layout.display = None
            self.debrief.value = ""
            self.children = [c for c in self.children if c is not self.again]
        else:
            self.client.value = (f"{STYLE}<div class='rl-card' role='status' aria-live='polite'>"
                                 f"<blockquote class='rl-statement'><strong>Client:</strong> {e(ending.client)}"
                                 "</blockquote></div>")
            self.answer_box.layout.display = "none"
            self.debrief.value = self.debrief_html()
            if self.again not in self.children:
                self.children = [*self.children, self.again]

    def _render_history(self) -> None:
        rows = "".join(f"<li><p><strong>Client:</strong> {e(row['client'])}</p>"
                       f"<p><strong>You wrote:</strong> {e(row['draft'])}<br><strong>You chose:</strong> "
                       f"{e(row['therapist'])}</p></li>" for row in self.run.transcript())
        self.history.value = (f"{STYLE}<details class='rl-card'><summary>The conversation so far "
                              f"({len(self.run.turns)} turns)</summary><ol>{rows}</ol></details>") if rows else ""

    def debrief_html(self) -> str:
        taxonomy = self.session.bank.taxonomy
        ending = self.run.ending
        transcript = self.run.transcript()
        picture = path_picture(self.scenario, transcript, {k: v.label for k, v in taxonomy.stages.items()},
                               {k: v.label for k, v in taxonomy.pulls.items()})
        rows = []
        for i, row in enumerate(transcript, 1):
            tags = []
            if row["strategy"]:
                tags.append(taxonomy.strategies[row["strategy"]].label)
            if row["pull"]:
                tags.append("pull: " + taxonomy.pulls[row["pull"]].label)
            rows.append(f"<tr><th scope='row'>{i}</th><td>{e(row['client'])}</td><td>{e(row['draft'])}</td>"
                        f"<td>{e(row['therapist'])}<br><span class='rl-muted'>{e(row['quality'])}; "
                        f"{e('; '.join(tags))}. {e(row['why'])}</span></td></tr>")
        kind = _ENDING_WORDS[ending.kind]
        stages = "; ".join(f"{n} {e(label.label.lower())}" for n, label in sorted(taxonomy.stages.items()))
        return (f"{STYLE}<style>.rl-debrief td,.rl-debrief th{{vertical-align:top;text-align:left;padding:0.2em 0.4em}}"
                f"</style><div class='rl-card rl-debrief' role='region' aria-label='Debrief'><h4>Debrief: {e(kind)}</h4>"
                f"<p>{e(ending.debrief)}</p>{picture}<p class='rl-muted'>Stages: 0 a marker nobody has attended "
                f"to yet; {stages}.</p>"
                "<table><thead><tr><th scope='col'>Turn</th><th scope='col'>Client</th><th scope='col'>You wrote</th>"
                f"<th scope='col'>You chose, and what it did</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
                f"<p><strong>One thing to try next time:</strong> {e(ending.try_next)}</p></div>")


def _kind(scenario: Scenario) -> str:
    """How the menu groups a scenario: an MI conversation, or the rupture family it opens with."""
    if scenario.context.modality.startswith("mi_") or scenario.family == "sustain_talk":
        return "mi"
    return scenario.family.removesuffix("_rupture")


class ScenarioMenu(w.VBox):
    """Choose a scenario to play, with how many times each has been played.

    ``kind`` narrows the list: ``withdrawal``, ``confrontation`` or ``mi``."""

    def __init__(self, session: Session | None = None, kind: str | None = None, **kwargs):
        self.session = session or current_session()
        self.scenarios = [s for s in load_scenarios() if kind is None or _kind(s) == kind]
        self.choice = w.Dropdown(options=self._labelled({}), value=None,
                                 description="Scenario", style={"description_width": "initial"},
                                 layout=w.Layout(width="auto", max_width="48em"))
        self.start = w.Button(description="Play", button_style="primary", layout=w.Layout(width="auto"))
        self.stage = w.VBox()
        self.start.on_click(lambda _: self.play(self.choice.value))
        super().__init__([w.HBox([self.choice, self.start], layout=w.Layout(flex_flow="row wrap")), self.stage],
                         **kwargs)
        # The scenarios are the same for every learner; how often each was played is theirs, so a
        # heated kernel builds the menu and reads the runs once the learner has arrived.
        when_served(self._show_played)

    def _labelled(self, played: dict[str, int]) -> list[tuple[str, str]]:
        taxonomy = self.session.bank.taxonomy

        def label(s: Scenario) -> str:
            note = f" (played {played[s.id]})" if played.get(s.id) else ""
            return f"{s.title} \u00b7 {taxonomy.difficulties[s.difficulty].label}{note}"

        return [(label(s), s.id) for s in self.scenarios]

    def _show_played(self) -> None:
        runs = self.session.store.scenario_runs(self.session.learner_id)
        played = {s.id: sum(1 for r in runs if r["scenario_id"] == s.id and r["ending_kind"]) for s in self.scenarios}
        chosen = self.choice.value
        self.choice.options = self._labelled(played)
        self.choice.value = chosen

    def play(self, scenario_id: str | None) -> ScenarioPlayer | None:
        if scenario_id is None:
            return None
        player = ScenarioPlayer(next(s for s in self.scenarios if s.id == scenario_id), session=self.session)
        self.stage.children = [player]
        return player
