"""Practice logic with no widgets in it: drill scheduling, difficulty adjustment."""

from repairlab.practice.drill_plan import DrillPlan

__all__ = ["DrillPlan"]
