"""``repairlab course build``: from ``course.yaml`` to nbgrader source notebooks and keys.

For each assignment it writes three things:

- ``source/<name>/<name>.ipynb``: prose and one-line calls, with nbgrader cell metadata
  (locked exercise cells, autograded grading cells, hand-graded tasks and written answers);
- ``source/<name>/items.json``: the statements under opaque keys, no ids, no labels;
- ``keys/<name>.json``: the answer key, outside ``source/`` so it is never released.

Statements are shuffled with a seed taken from the assignment's name, so a rebuild gives the
same notebook byte for byte (a test keeps the committed course in step with its description).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import nbformat

from repairlab.atomic import write_text_atomic
from repairlab.bank import Bank, load_bank
from repairlab.bank.schema import Vignette
from repairlab.course.grading import POINTS_PER_STATEMENT
from repairlab.course.keys import ITEMS_FILE, KEYS_DIR
from repairlab.course.scenario_key import split_scenario
from repairlab.course.spec import AssignmentSpec, CourseSpec, Rubric, SpecError, load_course, load_rubric
from repairlab import paths


def _meta(grade_id: str, *, grade=False, solution=False, locked=True, task=False, points=None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "task": task, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


class _Notebook:
    def __init__(self):
        self.nb = nbformat.v4.new_notebook()
        self.nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                           "name": "python3"},
                            "language_info": {"name": "python"}}

    def markdown(self, cell_id: str, text: str, **meta) -> None:
        cell = nbformat.v4.new_markdown_cell(text.strip(), id=cell_id)
        if meta:
            cell.metadata = _meta(cell_id, **meta)
        self.nb.cells.append(cell)

    def code(self, cell_id: str, source: str, **meta) -> None:
        cell = nbformat.v4.new_code_cell(source, id=cell_id)
        cell.metadata = _meta(cell_id, **meta)
        self.nb.cells.append(cell)


def _public(key: str, kind: str, item: Vignette, bank: Bank, ask_stance: bool) -> dict:
    c = item.context
    return {"key": key, "kind": kind, "ask_stance": ask_stance,
            "context": {"client": c.client, "setting": c.setting, "session": c.session, "moment": c.moment},
            "modality_label": bank.taxonomy.modalities[c.modality].label,
            "client_statement": item.client_statement}


def _rubric_markdown(rubric: Rubric) -> str:
    rows = "\n".join(
        f"| {c.title} | " + " | ".join(a.description.replace("\n", " ").replace("|", "/") for a in c.anchors) + " |"
        for c in rubric.criteria
    )
    return (f"**{rubric.title}** ({rubric.points} points: each criterion 0, 1 or 2)\n\n"
            "| Criterion | 0 | 1 | 2 |\n| --- | --- | --- | --- |\n" + rows)


def _classify_items(spec: AssignmentSpec, bank: Bank) -> list[Vignette]:
    if spec.form:
        items = list(bank.assessment_form(spec.form))
    else:
        items = [_lookup(bank, spec, item_id) for item_id in spec.classify]
    random.Random(spec.name).shuffle(items)
    return items


def _lookup(bank: Bank, spec: AssignmentSpec, item_id: str) -> Vignette:
    if item_id not in bank:
        raise SpecError(f"assignment {spec.name}: no vignette with id {item_id!r} in the bank or the course's files")
    item = bank.get(item_id)
    if item.pool != "practice":
        raise SpecError(f"assignment {spec.name}: {item_id} belongs to assessment {item.pool}; "
                        "use the assessment forms only through 'form'")
    return item


def _scenarios(spec: AssignmentSpec, bank: Bank) -> list[tuple[str, dict, dict]]:
    """(question, student's copy, key) for each scenario of the assignment."""
    if not spec.scenarios:
        return []
    from repairlab.scenarios import load_scenarios

    known = load_scenarios()
    out = []
    for n, scenario_id in enumerate(spec.scenarios, start=1):
        if scenario_id not in known:
            raise SpecError(f"assignment {spec.name}: no scenario with id {scenario_id!r} in data/scenarios/")
        question = f"s{n:02d}"
        public, key = split_scenario(known.get(scenario_id), question, spec.name, bank.taxonomy)
        out.append((question, public, key))
    return out


def build_assignment(spec: AssignmentSpec, bank: Bank, rubric: Rubric) -> tuple[nbformat.NotebookNode, dict, dict]:
    nb = _Notebook()
    public: list[dict] = []
    key: dict = {"format": 1, "assignment": spec.name, "questions": {}, "drafts": {}}
    classify = _classify_items(spec, bank)
    drafts = [_lookup(bank, spec, item_id) for item_id in spec.drafts]
    if spec.form_drafts:
        drafts += bank.response_items(spec.form, spec.form_drafts)
    scenarios = _scenarios(spec, bank)
    auto_points = POINTS_PER_STATEMENT * len(classify) + sum(int(k["points"]) for _, _, k in scenarios)
    hand_points = rubric.points * (len(drafts) + len(scenarios)) + sum(r.points for r in spec.reflections)

    nb.markdown("intro", f"# {spec.title}\n\n*About {spec.minutes} minutes. "
                f"{auto_points + hand_points} points: {auto_points} marked automatically, "
                f"{hand_points} by your instructor.*\n\n{spec.intro}\n\n"
                "Your answers are saved to `answers.json` beside this notebook each time you press a Save "
                "button; submit the assignment as usual and the file goes with it. Do not edit that file by "
                "hand: an edited answer cannot be graded.")
    nb.code("setup", "from repairlab.course import open_assignment\nassignment = open_assignment()")

    if classify:
        how = ("For each statement, choose what it is and, for a rupture, which marker. Each statement is "
               f"worth {POINTS_PER_STATEMENT} points: one for the family and one for the marker (a statement "
               "that is not a rupture earns both with the family).")
        if spec.ask_stance:
            how += " Then note whether, reading it, you felt hooked or engaged; that part is not graded."
        nb.markdown("classify-intro", f"## Recognising what is happening\n\n{how}")
    for n, item in enumerate(classify, start=1):
        q = f"q{n:02d}"
        public.append(_public(q, "classify", item, bank, spec.ask_stance))
        key["questions"][q] = {"item": item.id, "family": item.family,
                               "subtype": item.subtype if bank.taxonomy.is_rupture(item.family) else None,
                               "points": POINTS_PER_STATEMENT}
        nb.markdown(f"{q}-heading", f"### Statement {n}")
        nb.code(f"{q}-exercise", f'assignment.classify("{q}")')
        nb.code(q, f'assignment.score("{q}")', grade=True, points=POINTS_PER_STATEMENT)

    for n, item in enumerate(drafts, start=1):
        d = f"d{n:02d}"
        public.append(_public(d, "draft", item, bank, False))
        key["drafts"][d] = {"item": item.id}
        nb.markdown(d, f"## Drafting a response {n}\n\nWrite what you would say next, as you would say it "
                    "aloud. Save as many drafts as you like; the automatic feedback helps you refine them, and "
                    "your last draft is graded by hand with this rubric:\n\n" + _rubric_markdown(rubric),
                    task=True, points=rubric.points)
        nb.code(f"{d}-exercise", f'assignment.draft("{d}")')

    if scenarios:
        key["scenarios"] = {}
        nb.markdown("scenario-intro", "## Scenarios: the client answers back\n\nAt each turn, write what you would "
                    "say, then choose the option closest to what you meant; the client answers that choice. "
                    "Your path is marked automatically (points for each move that fits the moment, over as many "
                    "turns as the conversation needs, and for where the conversation ends). Your drafts are "
                    "graded by hand, as a set, with the rubric below. You may start again; the newest path is "
                    "graded.\n\n" + _rubric_markdown(rubric))
    for n, (question, copy, scenario_key) in enumerate(scenarios, start=1):
        key["scenarios"][question] = scenario_key
        nb.markdown(f"{question}-heading", f"### Scenario {n}")
        nb.code(f"{question}-exercise", f'assignment.scenario("{question}")')
        nb.code(question, f'assignment.scenario_score("{question}")', grade=True, points=int(scenario_key["points"]))
        nb.markdown(f"{question}-drafts", f"**Your drafts in scenario {n}**, graded by hand with the rubric "
                    f"({rubric.points} points).", task=True, points=rubric.points)

    for n, reflection in enumerate(spec.reflections, start=1):
        r = f"r{n:02d}"
        nb.markdown(f"{r}-prompt", f"## Reflection {n} ({reflection.points} points)\n\n{reflection.prompt}")
        nb.markdown(r, "YOUR ANSWER HERE", grade=True, solution=True, locked=False, points=reflection.points)

    if spec.reaction:
        nb.markdown("reaction-intro", "## Reaction check\n\nHow was this assignment for you? This is not "
                    "graded; it helps you and your instructor see where the practice is pitched.")
        nb.code("reaction", "assignment.reaction()")

    items = {"format": 1, "assignment": spec.name, "title": spec.title, "reaction": spec.reaction,
             "items": public}
    if scenarios:
        items["scenarios"] = [copy for _, copy, _ in scenarios]
    return nb.nb, items, key


def _json(data: dict) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def build_course(course_dir: Path) -> list[Path]:
    """Write every assignment of ``course_dir/course.yaml``; returns the files written."""
    course_dir = Path(course_dir)
    spec: CourseSpec = load_course(course_dir / "course.yaml")
    extra = [course_dir / p for p in spec.vignettes]
    bank = load_bank([paths.vignettes_dir(), *extra])
    rubric = load_rubric()
    written = []
    for assignment in spec.assignments:
        nb, items, key = build_assignment(assignment, bank, rubric)
        folder = course_dir / "source" / assignment.name
        targets = {folder / f"{assignment.name}.ipynb": nbformat.writes(nb) + "\n",
                   folder / ITEMS_FILE: _json(items),
                   course_dir / KEYS_DIR / f"{assignment.name}.json": _json(key)}
        for path, text in targets.items():
            write_text_atomic(path, text)
            written.append(path)
    return written
