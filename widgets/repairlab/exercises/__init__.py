"""The ipywidgets exercises: one widget family per module.

Each exercise is an ``ipywidgets.VBox`` with traitlets for its state, so it works the same in
JupyterLab and in Voilà, and tests can drive it from Python without a browser.
"""

from repairlab.exercises.classify import ClassifyExercise
from repairlab.exercises.draft import DraftExercise
from repairlab.exercises.drill import DrillExercise
from repairlab.exercises.reaction import ReactionCheck
from repairlab.exercises.stages import StageSequence



def __getattr__(name: str):
    """The dashboard needs pandas and matplotlib; import them only for a page that shows it."""
    if name == "ProgressDashboard":
        from repairlab.exercises.dashboard import ProgressDashboard

        return ProgressDashboard
    raise AttributeError(name)


__all__ = ["ClassifyExercise", "DraftExercise", "DrillExercise", "ProgressDashboard", "ReactionCheck", "StageSequence"]
