"""The debrief's picture: the learner's path through the stages against an expert path.

Drawn as inline SVG, so it needs no plotting library in the kernel, scales at 200% zoom, and
carries its own text description for a screen reader. Stages run up the side (0 = a marker
nobody has attended to yet, 4 = wishes and fears), turns run across; the learner's path is a
solid line with circles, the expert path a dashed line with squares, and a turn where the
learner's reply gave in to a pull is marked with a cross and the pull's name.
"""

from __future__ import annotations

from html import escape

from repairlab.scenarios.graph import expert_path
from repairlab.scenarios.schema import Scenario

_W, _H, _LEFT, _TOP, _ROW = 640, 260, 90, 30, 45


def _points(stages: list[int], col: float) -> list[tuple[float, float]]:
    return [(_LEFT + i * col, _TOP + (4 - s) * _ROW) for i, s in enumerate(stages)]


def path_picture(scenario: Scenario, transcript: list[dict], stage_labels: dict[int, str],
                 pull_labels: dict[str, str]) -> str:
    """SVG of the path taken (``ScenarioRun.transcript()``) against the expert path."""
    mine = [row["stage"] for row in transcript]
    expert = [scenario.nodes[key].stage for key, _ in expert_path(scenario)]
    turns = max(len(mine), len(expert), 2)
    col = (_W - _LEFT - 30) / (turns - 1)
    parts = [f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {_W} {_H}' width='100%' "
             f"style='max-width:48em' role='img' aria-labelledby='rl-path-title rl-path-desc'>"]
    pulls = [(i + 1, pull_labels.get(row["pull"], row["pull"])) for i, row in enumerate(transcript) if row["pull"]]
    desc = (f"Your path, stage at each turn: {', '.join(map(str, mine)) or 'none yet'}. "
            f"Expert path: {', '.join(map(str, expert))}. "
            + ("Pulls given in to: " + "; ".join(f"turn {t}, {p}" for t, p in pulls) + "." if pulls else
               "No pull given in to."))
    parts.append(f"<title id='rl-path-title'>Your path through the stages against an expert path</title>"
                 f"<desc id='rl-path-desc'>{escape(desc)}</desc>")
    for stage in range(5):
        y = _TOP + (4 - stage) * _ROW
        label = f"Stage {stage}"
        parts.append(f"<line x1='{_LEFT - 8}' y1='{y}' x2='{_W - 20}' y2='{y}' stroke='#ccc'/>"
                     f"<text x='4' y='{y + 4}' font-size='12' fill='#222'>{escape(label)}</text>")
    for i in range(turns):
        parts.append(f"<text x='{_LEFT + i * col - 4}' y='{_H - 8}' font-size='12' fill='#222'>{i + 1}</text>")

    def line(stages: list[int], dash: str, marker: str) -> None:
        points = _points(stages, col)
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f"<polyline points='{path}' fill='none' stroke='#111' stroke-width='2' {dash}/>")
        for x, y in points:
            parts.append(marker.format(x=x, y=y))

    line(expert, "stroke-dasharray='6 4'",
         "<rect x='{x:.1f}' y='{y:.1f}' width='8' height='8' transform='translate(-4 -4)' fill='white' stroke='#111'/>")
    line(mine, "", "<circle cx='{x:.1f}' cy='{y:.1f}' r='5' fill='#111'/>")
    for turn, name in pulls:
        x, y = _points(mine, col)[turn - 1]
        parts.append(f"<text x='{x - 6:.1f}' y='{y - 10:.1f}' font-size='16' font-weight='bold'>\u00d7</text>"
                     f"<text x='{x + 6:.1f}' y='{y - 12:.1f}' font-size='11' fill='#222'>{escape(name[:28])}</text>")
    parts.append(f"<text x='{_LEFT}' y='12' font-size='11' fill='#222'>\u25cf your path   \u25a1 - - expert path   "
                 f"\u00d7 a pull given in to</text></svg>")
    return "".join(parts)
