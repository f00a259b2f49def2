"""One-line calls for the notebooks: each returns a widget ready to display.

Notebooks stay thin (prose, then ``ui.classify_round(...)``) so that all the logic lives here,
in tested Python. Every round draws practice items only.
"""

from __future__ import annotations

import random

from IPython.display import HTML

from repairlab.bank.bibliography import load_bibliography
from repairlab.errors import RepairlabError
from repairlab.exercises.exercise_set import ExerciseSet
from repairlab.html import e
from repairlab.session import current_session


def error_card(error: RepairlabError):
    """What a learner sees instead of Voilà's generic error: what is wrong and what to do."""
    import ipywidgets as w

    from repairlab.html import STYLE

    body = "".join(f"<p>{e(line)}</p>" for line in str(error).splitlines() if line.strip())
    return w.HTML(f"{STYLE}<div class='rl-card rl-no' role='alert'><p><strong>\u26a0 {e(error.title)}</strong></p>"
                  f"{body}<p class='rl-muted'>Nothing has been changed or deleted. If this keeps happening, "
                  "send this message to your instructor or to the people who run this curriculum.</p></div>")


def _learner_facing(function):
    """Show a ``RepairlabError`` as a card on the page (Voilà hides tracebacks)."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except RepairlabError as error:
            return error_card(error)

    return wrapper


def _shows_the_learners_record(function):
    """A part of the page made from the learner's own record. In a heated kernel it is made
    after the learner arrives (``app/preheat.py``), not when the kernel was heated."""
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        from repairlab.app.preheat import live

        return live(lambda: _learner_facing(function)(*args, **kwargs))

    return wrapper


def _further_down(label: str):
    """An exercise: the page's first is made at once; in Voilà, later ones are made when the
    learner nears them (``app/later.py``), a button labelled ``label`` standing in until then.
    Goes above ``_learner_facing``, so an exercise made later shows its error card in its place."""
    import functools

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            from repairlab.app.later import place

            return place(lambda: function(*args, **kwargs), label)

        return wrapper

    return decorate


def _pick(family=None, difficulty=None, n=5, seed=None):
    bank = current_session().bank
    families = [family] if isinstance(family, str) else family
    items = [v for v in bank.practice_items()
             if (families is None or v.family in families)
             and (difficulty is None or v.difficulty == difficulty)]
    rng = random.Random(seed)
    rng.shuffle(items)
    return items[:n]


@_learner_facing
def begin(module: str):
    """The navigation bar at the top of a module (and a note that the learner visited it).

    The module's last cell is ``finish()``: between the two, the page is built (in a heated
    kernel, before the learner arrives)."""
    from repairlab.app.later import new_page
    from repairlab.app.navigation import module_nav

    current_session()
    new_page()
    return module_nav(module)


@_learner_facing
def finish():
    """The last cell of a module. In a heated kernel, the page waits here for its learner, then
    reads their record into the parts that show it (see ``app/preheat.py``); elsewhere, nothing."""
    from repairlab.app.preheat import serve

    serve()


@_learner_facing
def landing():
    from repairlab.app.landing import show
    from repairlab.app.preheat import serve

    serve()
    return show()


@_further_down("Show the classification exercise")
@_learner_facing
def classify_round(family=None, difficulty=None, n=6, seed=None, title="Classify the statement"):
    """A round of classification items (mixed families unless one is named)."""
    from repairlab.exercises.classify import ClassifyExercise

    items = _pick(family, difficulty, n, seed)
    return ExerciseSet(title, [lambda item=item: ClassifyExercise(item, context="module") for item in items])


@_further_down("Show the drafting exercise")
@_learner_facing
def draft_round(family=None, difficulty=None, n=3, seed=None, title="Draft a response"):
    from repairlab.exercises.draft import DraftExercise

    items = _pick(family, difficulty, n, seed)
    return ExerciseSet(title, [lambda item=item: DraftExercise(item) for item in items])


@_further_down("Show the reaction check")
@_learner_facing
def reaction_check(item_id=None):
    from repairlab.exercises.reaction import ReactionCheck

    return ReactionCheck(item_id=item_id)


@_further_down("Show the drill")
@_learner_facing
@_shows_the_learners_record
def drill(families=None, level="beginner", block_size=4):
    from repairlab.exercises.drill import DrillExercise

    return DrillExercise(families=tuple(families) if families else None, level=level, block_size=block_size)


@_further_down("Show the stages exercise")
@_learner_facing
def stage_sequence(seed=None):
    from repairlab.exercises.stages import StageSequence

    return StageSequence(seed=seed)


@_further_down("Show the single-skill exercises")
@_learner_facing
def skills():
    """The single-skill exercises: choose a skill, practise it in rounds that follow your reactions."""
    from repairlab.exercises.skill import skill_menu

    return skill_menu()


@_further_down("Show the skill exercise")
@_learner_facing
@_shows_the_learners_record
def skill(skill_id: str, level: str = "beginner"):
    """One skill's exercise, opened at a level; statements your objective names come first."""
    from repairlab.exercises.skill import SkillExercise
    from repairlab.practice.objective import current_objective, item_weights

    session = current_session()
    weights = item_weights(session.bank, current_objective(session.store.journal(session.learner_id)))
    return SkillExercise(skill_id, level=level, weights=weights)


@_further_down("Show partner practice")
@_learner_facing
def partner_practice():
    """Partner mode: choose a skill, then one reads the client aloud and the other responds aloud."""
    import ipywidgets as w

    from repairlab.exercises.partner import PartnerRound
    from repairlab.skills import load_skills

    session = current_session()
    choose = w.Dropdown(options=[("Choose a skill", None)] + [(s.title, s.id) for s in load_skills(session.bank)],
                        index=0, description="Skill", style={"description_width": "initial"})
    holder = w.VBox()
    choose.observe(lambda change: setattr(holder, "children", [PartnerRound(change["new"])] if change["new"] else []),
                   names="value")
    practice = w.VBox([choose, holder])
    practice.add_class("rl-partner-practice")
    return practice


@_learner_facing
def coach_page():
    """The first cell of the coach's page: start-up, then a link back to the modules."""
    import ipywidgets as w

    from repairlab.app.preheat import serve

    serve()
    return w.HTML("<nav aria-label='Modules'><a href='index.ipynb'>\u2190 All modules</a></nav>")


@_learner_facing
def coach_view():
    """For a coach or supervisor: open learners' exported records read-only and comment on them."""
    from repairlab.exercises.coach_view import CoachView

    return CoachView()


@_further_down("Show the scenarios")
@_learner_facing
def scenarios(kind: str | None = None):
    """Multi-turn scenarios to play: ``kind`` is withdrawal, confrontation or mi (all when None)."""
    from repairlab.exercises.scenario import ScenarioMenu

    return ScenarioMenu(kind=kind)


@_further_down("Show the scenario")
@_learner_facing
def scenario(scenario_id: str):
    """One scenario, ready to play."""
    from repairlab.exercises.scenario import ScenarioPlayer

    return ScenarioPlayer(scenario_id)


@_further_down("Show your progress")
@_learner_facing
@_shows_the_learners_record
def dashboard():
    from repairlab.exercises.dashboard import ProgressDashboard

    return ProgressDashboard()


@_further_down("Show the reflection")
@_learner_facing
def reflection(exercise: str):
    """A reflective exercise from data/practice/reflections.yaml, saved to the learner's journal."""
    from repairlab.exercises.reflection import ReflectionForm

    return ReflectionForm(exercise)


@_further_down("Show your own statements")
@_learner_facing
def own_statements():
    """Bring your own difficult client statements and practise responding to them."""
    from repairlab.exercises.own_items import OwnStatements

    return OwnStatements()


@_further_down("Show the self-assessment")
@_learner_facing
def assessment(form: str):
    from repairlab.exercises.assessment import AssessmentForm

    return AssessmentForm(form)


@_further_down("Show your self-assessment results")
@_learner_facing
@_shows_the_learners_record
def assessment_report():
    from repairlab.exercises.assessment_report import AssessmentReport

    return AssessmentReport()


@_learner_facing
def marker_guide(family: str) -> HTML:
    """The marker subtypes of one family with their definitions, from the taxonomy."""
    taxonomy = current_session().bank.taxonomy
    if family not in taxonomy.subtypes:
        raise KeyError(f"no family {family!r}; known: {', '.join(taxonomy.subtypes)}")
    groups = taxonomy.subtype_groups
    rows = []
    for key, label in taxonomy.subtypes[family].items():
        group = label.get("group")
        note = f" <span class='rl-tag'>{e(groups[group].label)}</span>" if group in groups else ""
        rows.append(f"<tr><th scope='row'>{e(label.label)}{note}</th><td>{e(label.definition)}</td></tr>")
    title = taxonomy.families[family].label
    return HTML(f"<table aria-label='{e(title)} markers'><thead><tr><th scope='col'>Marker</th>"
                f"<th scope='col'>What it looks like</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


@_learner_facing
def strategy_guide(kind: str = "rupture_resolution") -> HTML:
    """The resolution strategies (or MI skills) from the taxonomy, with immediate/exploratory tags."""
    taxonomy = current_session().bank.taxonomy
    rows = []
    for key, label in taxonomy.strategies.items():
        if label.get("kind") != kind:
            continue
        approach = label.get("approach")
        tag = f"<span class='rl-tag'>{e(approach)}</span>" if approach else ""
        rows.append(f"<li>{e(label.label)} {tag}</li>")
    if not rows:
        raise KeyError(f"no strategies of kind {kind!r}")
    return HTML(f"<ul>{''.join(rows)}</ul>")


@_learner_facing
def pull_guide() -> HTML:
    """The pulls a response can give in to, with what each looks like."""
    taxonomy = current_session().bank.taxonomy
    rows = "".join(f"<tr><th scope='row'>{e(p.label)}</th><td>{e(p.definition)}</td></tr>" for p in taxonomy.pulls.values())
    return HTML(f"<table aria-label='Pulls'><thead><tr><th scope='col'>Pull</th><th scope='col'>What it looks like</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>")


@_learner_facing
def stage_guide() -> HTML:
    """The four stages of rupture resolution, from the taxonomy."""
    taxonomy = current_session().bank.taxonomy
    rows = "".join(f"<li><strong>{e(v.label)}.</strong> {e(v.definition)}</li>" for v in taxonomy.stages.values())
    return HTML(f"<ol>{rows}</ol>")


@_learner_facing
def references(*keys: str) -> HTML:
    """The reference list for a module, from the one bibliography."""
    bibliography = load_bibliography()
    missing = [k for k in keys if k not in bibliography]
    if missing:
        raise KeyError(f"unknown citation keys {missing}; see data/bibliography.yaml")
    entries = sorted((bibliography[k] for k in keys), key=lambda r: (r.authors, r.year))
    items = "".join(f"<li>{e(r.apa())}</li>" for r in entries)
    return HTML(f"<section aria-label='References'><h3>References</h3><ul>{items}</ul></section>")
