"""Single-skill exercises, as the APA Deliberate Practice books run them: one skill, a few
criteria, a short demonstration, and client statements from the bank at three difficulties."""

from repairlab.skills.catalogue import Skill, SkillSet, check_skills, load_skills

__all__ = ["Skill", "SkillSet", "check_skills", "load_skills"]
