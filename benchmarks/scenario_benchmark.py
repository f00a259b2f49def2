"""How long from a learner's choice in a scenario to the client's next turn, on the server?

Prints figures; asserts nothing. Run:  .venv/bin/python benchmarks/scenario_benchmark.py

For every scenario, a learner is simulated through the widget's Python interface (write a
reply, show the options, choose), along every path from the start, in a real SQLite store. The
time measured is the server's share of one choice: ``ScenarioPlayer.choose`` (the run's state,
the store write, the next turn's HTML and options, and at an ending the debrief with its
picture), i.e. what happens between the click reaching the kernel and the new widget state
leaving it. The browser's share (a message round trip and a repaint) is in app_benchmark.py's
page figures. Aim: median and 95th percentile under 50 ms after start-up.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "widgets"))


def main() -> None:
    started = time.perf_counter()
    from repairlab.exercises.scenario import ScenarioPlayer
    from repairlab.scenarios import all_paths, load_scenarios
    from repairlab.session import Session
    from repairlab.store import ProgressStore

    scenarios = list(load_scenarios())
    with tempfile.TemporaryDirectory() as folder:
        session = Session.open(store=ProgressStore(Path(folder) / "bench.sqlite3"), learner_id="bench")
        load = time.perf_counter() - started
        to_turn, to_ending = [], []
        for scenario in scenarios:
            player = ScenarioPlayer(scenario, session=session, seed=0)
            for path in all_paths(scenario)[:40]:  # 40 paths per scenario: enough turns, bounded time
                player.back(0)
                for _, option in path:
                    player.write("What was that like for you, just now?")
                    t0 = time.perf_counter()
                    player.choose(option)
                    elapsed = (time.perf_counter() - t0) * 1000
                    (to_ending if player.finished else to_turn).append(elapsed)

    def line(name: str, values: list[float]) -> str:
        values = sorted(values)
        p95 = values[int(0.95 * (len(values) - 1))]
        return f"{name:<32} n={len(values):>5}  median {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms"

    print(f"scenarios: {len(scenarios)}; start-up (imports, bank, scenarios, store): {load:.2f} s")
    print(line("choice -> next client turn", to_turn))
    print(line("choice -> ending with debrief", to_ending))
    print(line("all choices", to_turn + to_ending))


if __name__ == "__main__":
    main()
