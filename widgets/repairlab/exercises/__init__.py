"""The ipywidgets exercises: one widget family per module.

Each exercise is an ``ipywidgets.VBox`` with traitlets for its state, so it works the same in
JupyterLab and in Voilà, and tests can drive it from Python without a browser.
"""

import importlib

# Each exercise is imported when first asked for, so that a page pays only for the exercises it
# shows (the draft exercise brings the feedback engine; the dashboard, pandas and matplotlib).
_HOMES = {
    "ClassifyExercise": "repairlab.exercises.classify",
    "DraftExercise": "repairlab.exercises.draft",
    "DrillExercise": "repairlab.exercises.drill",
    "ProgressDashboard": "repairlab.exercises.dashboard",
    "ReactionCheck": "repairlab.exercises.reaction",
    "StageSequence": "repairlab.exercises.stages",
}


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'repairlab.exercises' has no attribute {name!r}")


__all__ = sorted(_HOMES)
