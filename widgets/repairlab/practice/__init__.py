"""Practice logic with no widgets in it: drill scheduling, difficulty adjustment."""

from repairlab.practice.drill import DrillPlan

__all__ = ["DrillPlan"]
