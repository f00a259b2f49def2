"""What a graded notebook calls: one object per assignment, one line per cell.

A student's run shows the exercises and saves answers to the answer sheet. A grading run
(``NBGRADER_EXECUTION=autograde``) shows, in place of each exercise, what the student saved, so
the grader reads it in the formgrader; and each grading cell prints its mark and returns the
points, which nbgrader reads as partial credit.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from IPython.display import HTML

from repairlab import settings
from repairlab.bank.taxonomy import load_taxonomy
from repairlab.course.answers import AnswerFileError, Answers, AnswerSheet
from repairlab.course.grading import mark_classification, mark_scenario
from repairlab.course.keys import PublicAssignment, load_key
from repairlab.course.widgets import GradedClassify, GradedDraft, GradedReaction, GradedScenario
from repairlab.html import STYLE, e, statement_card
from repairlab.feedback import analyse


def grading_run() -> bool:
    return settings.grading_run()


def open_assignment(folder: Path | str | None = None) -> "Assignment":
    return Assignment(Path(folder or Path.cwd()))


class Assignment:
    def __init__(self, folder: Path):
        self.folder = folder
        self.public = PublicAssignment.load(folder)
        self.sheet = AnswerSheet(folder, self.public.name)
        self.taxonomy = load_taxonomy()

    # Exercises ----------------------------------------------------------------------------

    def classify(self, question: str):
        item = self.public.items[question]
        if grading_run():
            return HTML(statement_card(item, item.modality_label) + self._saved_classification(question))
        return GradedClassify(item, self.sheet, self.taxonomy)

    def draft(self, question: str):
        item = self.public.items[question]
        if grading_run():
            return HTML(statement_card(item, item.modality_label) + self._saved_drafts(question))
        return GradedDraft(item, self.sheet)

    def scenario(self, question: str):
        scenario = self.public.scenarios[question]
        if grading_run():
            return HTML(self._saved_scenario(question))
        return GradedScenario(scenario, self.sheet)

    def reaction(self):
        if grading_run():
            return HTML(self._saved_reaction())
        return GradedReaction(self.sheet)

    # Grading ------------------------------------------------------------------------------

    def score(self, question: str) -> float | None:
        """In a grading run: print the mark and return the points. Otherwise: say the answer is kept."""
        if not grading_run():
            print("Your answer is kept in answers.json beside this notebook and will be marked after you submit.")
            return None
        mark = mark_classification(question, self._key["questions"][question], self._answers, self.taxonomy)
        print(mark.message)
        return mark.points

    def scenario_score(self, question: str) -> float | None:
        """In a grading run: mark the path taken through a scenario. Otherwise: say it is kept."""
        if not grading_run():
            print("Your path and drafts are kept in answers.json beside this notebook and will be marked after "
                  "you submit.")
            return None
        mark = mark_scenario(question, self._key["scenarios"][question], self._answers)
        print(mark.message)
        return mark.points

    # A grading run never writes, so the sheet and the key are read once per notebook, not per cell.

    @cached_property
    def _answers(self) -> Answers | AnswerFileError:
        try:
            return self.sheet.read()
        except AnswerFileError as exc:
            return exc

    @cached_property
    def _key(self) -> dict:
        return load_key(self.public.name, self.folder)

    # What the grader sees -----------------------------------------------------------------

    def _saved(self, question: str):
        """(why the answer cannot be used, or None; the saved value, or None)."""
        answers = self._answers
        if isinstance(answers, AnswerFileError):
            return str(answers), None
        return answers.problems.get(question), answers.value(question)

    def _box(self, title: str, body: str) -> str:
        return f"{STYLE}<div class='rl-card'><p><strong>{e(title)}</strong></p>{body}</div>"

    def _saved_classification(self, question: str) -> str:
        problem, value = self._saved(question)
        if problem:
            return self._box("Saved answer", f"<p>\u26a0 {e(problem)}</p>")
        if not isinstance(value, dict) or value.get("family") not in self.taxonomy.families:
            return self._box("Saved answer", "<p>No answer was saved for this statement.</p>")
        family = value["family"]
        label = self.taxonomy.families[family].label
        marker = self.taxonomy.subtypes.get(family, {}).get(value.get("subtype") or "")
        if marker is not None and self.taxonomy.is_rupture(family):
            label += f": {marker.label}"
        stance = f"<p>Reading it, the student felt: {e(value['stance'])}.</p>" if value.get("stance") else ""
        return self._box("Saved answer", f"<p>{e(label)}</p>{stance}")

    def _saved_drafts(self, question: str) -> str:
        problem, value = self._saved(question)
        if problem:
            return self._box("Drafts", f"<p>\u26a0 {e(problem)}</p>")
        drafts = [d for d in (value or {}).get("drafts", []) if isinstance(d, str)] if isinstance(value, dict) else []
        if not drafts:
            return self._box("Drafts", "<p>No draft was saved for this statement.</p>")
        earlier = "".join(f"<li>\u201c{e(d)}\u201d</li>" for d in drafts[:-1])
        analysis = analyse(self.public.items[question].client_statement, drafts[-1])
        moves = ", ".join(m.label for m in analysis.moves) or "none found"
        pulls = ", ".join(p.label for p in analysis.pulls) or "none found"
        return self._box(
            "Final draft (graded by hand with the rubric)",
            f"<blockquote class='rl-statement'>{e(drafts[-1])}</blockquote>"
            + (f"<p>Earlier drafts:</p><ol>{earlier}</ol>" if earlier else "")
            + "<p class='rl-muted'><strong>Suggestion for the grader, not the grade:</strong> the automatic "
            f"reading found these moves: {e(moves)}; and these pulls: {e(pulls)}. "
            "Check it against the rubric; it reads words, not tone, and can be wrong.</p>",
        )

    def _saved_scenario(self, question: str) -> str:
        """For the grader (and, in the feedback, the student): the path with the drafts beside the
        options chosen, and the debrief of the ending reached."""
        public = self.public.scenarios[question]
        problem, value = self._saved(question)
        if problem:
            return self._box("Path and drafts", f"<p>\u26a0 {e(problem)}</p>")
        path = value.get("path") if isinstance(value, dict) else None
        if not path:
            return self._box("Path and drafts", "<p>The scenario was not played.</p>")
        rows = []
        for n, step in enumerate(path, 1):
            turn = public["turns"].get(step.get("turn"), {})
            chosen = next((o["text"] for o in turn.get("options", []) if o["key"] == step.get("option")), "")
            rows.append(f"<tr><th scope='row'>{n}</th><td>{e(turn.get('client'))}</td><td>{e(step.get('draft'))}</td>"
                        f"<td>{e(chosen)}</td></tr>")
        ending = ""
        last = path[-1].get("next")
        key = self._key["scenarios"][question]
        real = next((r for r, info in key["endings"].items() if info["shown_as"] == last), None)
        if real is not None:
            info = key["endings"][real]
            ending = (f"<p><strong>Ending: {e(info['kind'].replace('_', ' '))}.</strong> {e(info['debrief'])}</p>"
                      f"<p><strong>One thing to try next time:</strong> {e(info['try_next'])}</p>")
        return self._box("Path and drafts (the drafts are graded by hand with the rubric)",
                         "<table><thead><tr><th scope='col'>Turn</th><th scope='col'>Client</th><th scope='col'>"
                         "Draft</th><th scope='col'>Option chosen</th></tr></thead><tbody>"
                         + "".join(rows) + "</tbody></table>" + ending)

    def _saved_reaction(self) -> str:
        _, value = self._saved("reaction")
        if not isinstance(value, dict):
            return self._box("Reaction check", "<p>No reaction was saved (it is not graded).</p>")
        feelings = ", ".join(f"{e(k)} {e(v)}" for k, v in (value.get("feelings") or {}).items())
        return self._box("Reaction check (not graded)",
                         f"<p>Challenge: {e(value.get('challenge'))}; felt mostly {e(value.get('stance'))}; "
                         f"feelings: {feelings}.</p>")
