"""The graded course: nbgrader assignments built from the bank, answered with the widgets.

The pipeline, in order:

1. ``spec``: the course description (``instructor/course.yaml``) and the rubric, as typed data;
2. ``build``: source notebooks, the public ``items.json`` and the private ``keys/`` from them;
3. ``assignment`` (in the student's kernel): the exercises, saving to an answer sheet;
4. ``answers``: the answer sheet, ``answers.json``, which travels with the submission;
5. ``grading``: one statement marked from the sheet against the key during ``nbgrader autograde``;
6. ``report``: the cohort report from the gradebook and the submissions.
"""

from repairlab.course.assignment import open_assignment

__all__ = ["open_assignment"]
