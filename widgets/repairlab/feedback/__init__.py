"""Formative feedback on a drafted response: what it does, what pull it gives in to, one thing to try."""

from repairlab.feedback.analysis import Analysis, Evidence, analyse

__all__ = ["Analysis", "Evidence", "analyse"]
