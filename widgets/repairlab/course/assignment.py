"""What a graded notebook calls: one object per assignment, one line per cell.

A student's run shows the exercises and saves answers to the answer sheet. A grading run
(``NBGRADER_EXECUTION=autograde``) shows, in place of each exercise, what the student saved, so
the grader reads it in the formgrader; and each grading cell prints its mark and returns the
points, which nbgrader reads as partial credit.
"""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from IPython.display import HTML

from repairlab.bank.taxonomy import load_taxonomy
from repairlab.course.answers import AnswerFileError, Answers, AnswerSheet
from repairlab.course.grading import mark_classification
from repairlab.course.keys import PublicAssignment, load_key
from repairlab.exercises.graded import GradedClassify, GradedDraft, GradedReaction
from repairlab.exercises.render import STYLE, e, statement_card
from repairlab.feedback import analyse


def grading_run() -> bool:
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


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
            f"feedback scored this draft {analysis.score:.2f} of 1 (moves: {e(moves)}; pulls: {e(pulls)}). "
            "Check it against the rubric; it can be wrong.</p>",
        )

    def _saved_reaction(self) -> str:
        _, value = self._saved("reaction")
        if not isinstance(value, dict):
            return self._box("Reaction check", "<p>No reaction was saved (it is not graded).</p>")
        feelings = ", ".join(f"{e(k)} {e(v)}" for k, v in (value.get("feelings") or {}).items())
        return self._box("Reaction check (not graded)",
                         f"<p>Challenge: {e(value.get('challenge'))}; felt mostly {e(value.get('stance'))}; "
                         f"feelings: {feelings}.</p>")
