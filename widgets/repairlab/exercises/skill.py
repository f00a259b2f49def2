"""A single-skill exercise: the skill and its criteria, a demonstration, then rounds of
statements at one difficulty, each drafted with feedback and checked against the criteria,
and a reaction check that moves the next round up or down (assess and adjust).

The drafting is the curriculum's one draft widget (feedback, exemplary and poor responses
after the first draft); this widget adds the criteria and the rounds. Each finished round is
kept in the learner's journal (``skill_round``) with the criteria met for each statement.
"""

from __future__ import annotations

import ipywidgets as w
from traitlets import Bool, Int, Unicode

from repairlab.exercises.draft import DraftExercise
from repairlab.exercises.reaction import ReactionCheck
from repairlab.html import STYLE, e
from repairlab.session import Session, current_session
from repairlab.skills import Skill, load_skills
from repairlab.skills.rounds import SkillPlan

JOURNAL_KIND = "skill_round"


def skill_header(skill: Skill) -> str:
    """The skill, its criteria and its demonstration, as the learner reads them before practising."""
    criteria = "".join(f"<li>{e(c)}</li>" for c in skill.criteria)
    turns = "".join(
        f"<p><strong>{'Client' if t.speaker == 'client' else 'Therapist'}:</strong> \u201c{e(t.text)}\u201d"
        + (f"<br><span class='rl-muted'>{e(t.note)}</span>" if t.note else "") + "</p>"
        for t in skill.demonstration)
    return (f"{STYLE}<div class='rl-card'><h4>{e(skill.title)}</h4><p>{e(skill.summary)}</p>"
            f"<p><strong>Criteria</strong> (what an observer would see):</p><ol>{criteria}</ol>"
            f"<details><summary>See it done: a short demonstration</summary>{turns}</details></div>")


class SkillExercise(w.VBox):
    level = Unicode().tag(sync=False)
    round_number = Int(1).tag(sync=False)
    index = Int(0).tag(sync=False)          # the statement within the round
    awaiting_reaction = Bool(False).tag(sync=False)

    def __init__(self, skill: str | Skill, session: Session | None = None, *, level: str = "beginner",
                 round_size: int = 3, seed: int | None = None, weights: dict[str, float] | None = None, **kwargs):
        self.session = session or current_session()
        self.skill = load_skills(self.session.bank).get(skill) if isinstance(skill, str) else skill
        levels = self.session.bank.taxonomy.difficulty_order()
        self.plan = SkillPlan(self.skill, levels, level=level, round_size=round_size, seed=seed,
                              weights=dict(weights or {}))
        self.level = self.plan.level
        self.ticks: dict[str, list[int]] = {}
        self.header = w.HTML(skill_header(self.skill))
        self.status = w.HTML()
        self.stage = w.VBox()
        self.criteria = w.VBox()
        self.next_button = w.Button(description="Next statement", layout=w.Layout(width="auto"), disabled=True)
        self.next_button.on_click(lambda _: self.advance())
        super().__init__([self.header, self.status, self.stage, self.criteria, self.next_button], **kwargs)
        self.add_class("rl-skill")
        self._show()

    # Showing ---------------------------------------------------------------------------------

    @property
    def item_id(self) -> str:
        return self.plan.statements[self.index]

    def _status(self, note: str = "") -> None:
        label = self.session.bank.taxonomy.difficulties[self.plan.level].label
        self.status.value = (f"{STYLE}<p role='status' aria-live='polite'><strong>Round {self.round_number}</strong> "
                             f"\u00b7 {e(label)} \u00b7 statement {self.index + 1} of {len(self.plan.statements)}. "
                             f"{e(note)}</p>")

    def _show(self, note: str = "") -> None:
        self.draft = DraftExercise(self.item_id, session=self.session)
        self.draft.observe(self._drafted, names="attempts")
        self.boxes = [w.Checkbox(value=False, description=c, indent=False, layout=w.Layout(width="auto"))
                      for c in self.skill.criteria]
        self.criteria.children = [w.HTML("<p><strong>Which criteria did your response meet?</strong> "
                                         "Tick them after you read the feedback.</p>"), *self.boxes]
        self.criteria.layout.display = "none"
        self.stage.children = [self.draft]
        self.next_button.disabled = True
        self.next_button.description = ("Finish the round" if self.index + 1 == len(self.plan.statements)
                                        else "Next statement")
        self._status(note)

    def _drafted(self, change) -> None:
        if change["new"]:
            self.criteria.layout.display = None
            self.next_button.disabled = False

    # The learner's moves (the same path as the clicks) --------------------------------------

    def respond(self, text: str, met: list[int] = ()) -> dict:
        """Draft a response to the current statement and tick the criteria it met (0-based)."""
        result = self.draft.submit(text)
        for i in met:
            self.boxes[i].value = True
        return result

    def advance(self) -> None:
        """Keep the ticks for this statement and go on; after the last one, ask for the reaction."""
        if self.next_button.disabled:
            return
        self.ticks[self.item_id] = [i for i, box in enumerate(self.boxes) if box.value]
        if self.index + 1 < len(self.plan.statements):
            self.index += 1
            self._show()
            return
        self.awaiting_reaction = True
        self.check = ReactionCheck(item_id=None, session=self.session)
        self.check.observe(self._reacted, names="saved")
        self.stage.children = [w.HTML(f"{STYLE}<p>Round done. How was it? Your answer sets the next round.</p>"),
                               self.check]
        self.criteria.layout.display = "none"
        self.next_button.disabled = True

    def react(self, challenge: str, stance: str, **feelings: int) -> str:
        """Answer the reaction check from Python; returns the next round's level."""
        self.check.submit(challenge, stance, **feelings)
        return self.level

    def _reacted(self, change) -> None:
        if not change["new"]:
            return
        result = self.check.result
        before = self.plan.level
        entry = {"skill": self.skill.id, "level": before, "round": self.round_number,
                 "statements": list(self.plan.statements), "criteria": len(self.skill.criteria),
                 "met": dict(self.ticks), "challenge": result["challenge"]}
        after = self.plan.finish_round(result["adjust"])
        entry["next_level"] = after
        self.session.store.record_journal(self.session.learner_id, JOURNAL_KIND, entry)
        self.level, self.round_number, self.index, self.ticks = after, self.plan.round_number, 0, {}
        self.awaiting_reaction = False
        taxonomy = self.session.bank.taxonomy
        moved = ("stays at" if after == before else "moves up to" if taxonomy.difficulty_order().index(after) >
                 taxonomy.difficulty_order().index(before) else "steps back to")
        self._show(f"The next round {moved} {taxonomy.difficulties[after].label.lower()}.")


def skill_menu(session: Session | None = None) -> w.VBox:
    """Every skill in a dropdown; the chosen one opens as an exercise below."""
    session = session or current_session()
    skills = load_skills(session.bank)
    choose = w.Dropdown(options=[("Choose a skill", None)] + [(s.title, s.id) for s in skills], index=0,
                        description="Skill", style={"description_width": "initial"}, layout=w.Layout(width="auto"))
    holder = w.VBox()

    def _open(change) -> None:
        holder.children = [SkillExercise(change["new"], session=session)] if change["new"] else []

    choose.observe(_open, names="value")
    return w.VBox([choose, holder])
