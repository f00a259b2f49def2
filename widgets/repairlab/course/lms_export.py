"""Grades out to the LMS: nbgrader export plugins writing the CSV that Canvas and Moodle import.

LTI 1.3 logs learners in to the hub but carries no grades back, and nbgrader has no grade
passback, so grades go to the LMS as a file its gradebook imports::

    nbgrader export --exporter=repairlab.course.lms_export.CanvasExporter --to canvas_grades.csv
    nbgrader export --exporter=repairlab.course.lms_export.MoodleExporter --to moodle_grades.csv

One row per student, one column per assignment (the score after any late penalty; a student
with no submission gets 0, or an empty cell with ``--LmsExporter.missing=blank`` so the LMS
leaves that grade alone). ``--assignment``/``--student`` limit the export as for nbgrader's own.

Matching students to the LMS. On the hub, a learner's name is made from their LTI identity by
:func:`hub_username` (the email's local part, lower-cased, e.g. ``Ana.Diaz@uni.edu`` ->
``ana.diaz``). Give the exporter the LMS's own export as a roster and it copies the LMS's
identifying columns for each student it can match::

    nbgrader export --exporter=repairlab.course.lms_export.CanvasExporter \\
        --CanvasExporter.roster=canvas_gradebook_export.csv --to canvas_grades.csv

Canvas: the roster is the gradebook's "Export Entire Gradebook" CSV; rows are matched on
``SIS Login ID`` (``--CanvasExporter.roster_column``) and the file keeps ``Student``, ``ID``,
``SIS User ID``, ``SIS Login ID`` and ``Section``, which Canvas uses to find the student. An
assignment column named ``Name (1234)`` updates Canvas assignment 1234; any other name makes a new
assignment with the points from the ``Points Possible`` row (``--CanvasExporter.columns`` maps
nbgrader names to Canvas columns). Students missing from the roster are left out and listed in
the log, since Canvas would reject them.

Moodle: Grades > Import > CSV file. The file has ``Username``, ``Email address``, ``ID number``
(the LTI user id, when the gradebook has it), ``First name``, ``Last name``, then one column per
assignment; in the import form map ``Email address`` to "Email address" (or ``Username`` to
"Username") and each assignment column to its grade item, or to a new one.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from nbgrader.api import Gradebook, MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Dict, Enum, Unicode

_INVALID = re.compile(r"[^a-z0-9_.-]+")


def hub_username(identity: str) -> str:
    """The hub (and operating-system) user name for an LMS identity: an email, a login or an id.

    Lower-cased; an email becomes its local part; anything but letters, digits, ``_ . -`` becomes
    ``-``; a name not starting with a letter gets a ``u`` in front; at most 32 characters (a Linux
    user name). deploy/jupyterhub/jupyterhub_config.py applies the same rule (a test checks).
    """
    name = identity.strip().lower()
    if "@" in name:
        name = name.split("@", 1)[0]
    name = _INVALID.sub("-", name).strip("-.")
    if not name or not name[0].isalpha():
        name = "u" + name
    return name[:32]


def _number(value: float | None) -> str:
    if value is None:
        return ""
    value = round(float(value), 2)
    return str(int(value)) if value == int(value) else f"{value:g}"


class LmsExporter(ExportPlugin):
    """The shared part: one row per student, one column per assignment, optional LMS roster."""

    roster = Unicode("", help="CSV exported from the LMS gradebook; its identifying columns are "
                              "copied for each student matched").tag(config=True)
    roster_column = Unicode("", help="the roster column matched to the student (by hub_username)").tag(config=True)
    student_field = Enum(["id", "email", "lms_user_id"], default_value="id",
                         help="the nbgrader student field matched to roster_column").tag(config=True)
    columns = Dict({}, help="nbgrader assignment name -> LMS column title, e.g. "
                            "{'a1_recognising_ruptures': 'Recognising ruptures (4711)'}").tag(config=True)
    missing = Enum(["zero", "blank"], default_value="zero",
                   help="what an assignment with no submission gets: 0, or an empty cell").tag(config=True)

    default_to = "lms_grades.csv"
    identity_columns: tuple[str, ...] = ()

    # -- what the subclasses say -------------------------------------------------------------
    def identity(self, student, row: dict | None) -> dict[str, str]:
        raise NotImplementedError

    def extra_rows(self, titles: list[str], maxima: list[float]) -> list[list[str]]:
        return []

    # -- the table -----------------------------------------------------------------------------
    def _roster_rows(self) -> dict[str, dict]:
        if not self.roster:
            return {}
        with open(self.roster, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
        if rows and self.roster_column not in rows[0]:
            raise ValueError(f"{self.roster}: no column {self.roster_column!r}; it has {list(rows[0])}")
        found = {}
        for row in rows:
            key = (row.get(self.roster_column) or "").strip()
            if key and not key.lower().startswith("points possible"):
                found.setdefault(hub_username(key), row)
        return found

    def export(self, gradebook: Gradebook) -> None:
        dest = Path(self.to or self.default_to)
        wanted_a = {str(a) for a in self.assignment}
        wanted_s = {str(s) for s in self.student}
        assignments = [a for a in gradebook.assignments if not wanted_a or a.name in wanted_a]
        students = [s for s in gradebook.students if not wanted_s or s.id in wanted_s]
        roster = self._roster_rows()
        titles = [self.columns.get(a.name, a.name) for a in assignments]
        maxima = [a.max_score for a in assignments]

        rows, unmatched = [], []
        for student in sorted(students, key=lambda s: s.id):
            match = None
            if roster:
                key = getattr(student, self.student_field) or ""
                match = roster.get(hub_username(key)) if key else None
                if match is None:
                    unmatched.append(student.id)
                    continue
            cells = []
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    cells.append("0" if self.missing == "zero" else "")
                    continue
                score = max(0.0, (submission.score or 0.0) - (submission.late_submission_penalty or 0.0))
                cells.append(_number(score))
            identity = self.identity(student, match)
            rows.append([identity[c] for c in self.identity_columns] + cells)

        with open(dest, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([*self.identity_columns, *titles])
            writer.writerows(self.extra_rows(titles, maxima))
            writer.writerows(rows)
        self.log.info("Wrote %d students x %d assignments to %s", len(rows), len(assignments), dest)
        if unmatched:
            self.log.warning("Not in the roster %s (by %s = %s), left out: %s", self.roster, self.roster_column,
                             self.student_field, ", ".join(unmatched))


class CanvasExporter(LmsExporter):
    """The CSV Canvas's gradebook imports (Grades > Import)."""

    default_to = "canvas_grades.csv"
    identity_columns = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not self.roster_column:
            self.roster_column = "SIS Login ID"

    def identity(self, student, row):
        if row is not None:
            return {c: row.get(c, "") for c in self.identity_columns}
        name = ", ".join(p for p in (student.last_name, student.first_name) if p) or student.id
        return {"Student": name, "ID": "", "SIS User ID": student.lms_user_id or "",
                "SIS Login ID": student.email or student.id, "Section": ""}

    def extra_rows(self, titles, maxima):
        # Canvas's own export has this row; on import it gives new assignments their points.
        return [["Points Possible", "", "", "", "", *(_number(m) for m in maxima)]]


class MoodleExporter(LmsExporter):
    """The CSV Moodle's gradebook imports (Grades > Import > CSV file)."""

    default_to = "moodle_grades.csv"
    identity_columns = ("Username", "Email address", "ID number", "First name", "Last name")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not self.roster_column:
            self.roster_column = "Email address"

    def identity(self, student, row):
        out = {"Username": student.id, "Email address": student.email or "",
               "ID number": student.lms_user_id or "", "First name": student.first_name or "",
               "Last name": student.last_name or ""}
        if row is not None:  # Moodle's own export names these columns the same way
            for column in self.identity_columns:
                if row.get(column):
                    out[column] = row[column]
        return out
