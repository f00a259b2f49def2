"""Multi-turn rupture scenarios: the client answers back, through the four stages.

``schema`` is the shape of a scenario file, ``graph`` the rules about its paths, ``catalogue``
reads and checks the files, and ``run`` plays one attempt without widgets.
"""

from repairlab.scenarios.catalogue import ScenarioSet, check_scenarios, load_scenarios, scenario_files, scenarios_dir
from repairlab.scenarios.graph import all_paths, audit, expert_path
from repairlab.scenarios.run import ScenarioRun, Turn, play
from repairlab.scenarios.schema import Ending, Node, Option, Scenario

__all__ = ["Ending", "Node", "Option", "Scenario", "ScenarioRun", "ScenarioSet", "Turn", "all_paths", "audit",
           "check_scenarios", "expert_path", "load_scenarios", "play", "scenario_files", "scenarios_dir"]
