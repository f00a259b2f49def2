"""The coach view: open one or more learners' practice records, read-only, and comment.

A coach (a supervisor, a trainer) puts the files learners exported into one folder and opens
them here. For each record it shows the drafts beside the statements they answered, the
criteria ticked in skill rounds and partner turns, the reaction checks, and the learner's
scenario runs; the coach's comments are saved in a file beside the record, never in it.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
from traitlets import List

from repairlab import settings
from repairlab.bank import Bank
from repairlab.coach import CommentsError, PracticeRecord, load_comments, open_record, records_in, save_comment
from repairlab.exercises.written import written_line, written_text
from repairlab.html import STYLE, e
from repairlab.session import current_session
from repairlab.store import StoreError

FOLDER_ENV = settings.COACH_FOLDER


def default_folder() -> Path:
    return settings.coach_folder()


def record_html(record: PracticeRecord, bank: Bank) -> str:
    """Everything a coach needs to see in one record, as escaped HTML."""
    parts = [f"<h4>{e(record.learner)}</h4><p class='rl-muted'>{e(record.path.name)}</p>"]
    drafts = record.drafts_by_item()
    if drafts:
        rows = []
        for item_id, versions in drafts.items():
            statement = bank.get(item_id).client_statement if item_id in bank else "(the learner's own statement)"
            listed = "".join(f"<li>\u201c{e(d['text'])}\u201d</li>" for d in versions)
            rows.append(f"<li><p class='rl-muted'>Client: \u201c{e(statement)}\u201d</p><ol>{listed}</ol></li>")
        parts.append(f"<h5>Drafts ({sum(len(v) for v in drafts.values())})</h5><ul>{''.join(rows)}</ul>")
    ticks = record.journal("skill_round") + record.journal("partner_round")
    if ticks:
        rows = "".join(
            f"<tr><td>{e(t['skill'])}</td><td>{e(t['level'])}</td>"
            f"<td>{e(t.get('responder') or 'self-study')}</td>"
            f"<td>{_met(t)}</td></tr>" for t in ticks)
        parts.append("<h5>Criteria met</h5><table><thead><tr><th scope='col'>Skill</th><th scope='col'>Level</th>"
                     f"<th scope='col'>Who responded</th><th scope='col'>Criteria met</th></tr></thead><tbody>{rows}"
                     "</tbody></table>")
    if record.reactions:
        counts: dict[str, int] = {}
        for r in record.reactions:
            if r.get("challenge"):
                counts[r["challenge"]] = counts.get(r["challenge"], 0) + 1
        shown = ", ".join(f"{e(k.replace('_', ' '))}: {n}" for k, n in counts.items()) or "none rated"
        parts.append(f"<h5>Reaction checks ({len(record.reactions)})</h5><p>{shown}</p>")
    runs = record.scenario_runs()
    if runs:
        rows = "".join(
            f"<li>{e(r['scenario_id'])}: {len(r['steps'])} turns, "
            f"{e((r['ending_kind'] or 'not finished').replace('_', ' '))}"
            + "".join(f"<br><span class='rl-muted'>Turn {s['turn']}:</span> {e(s['draft'])}" for s in r["steps"]
                      if s.get("draft"))
            + "</li>" for r in runs)
        parts.append(f"<h5>Scenario runs ({len(runs)})</h5><ul>{rows}</ul>")
    if len(parts) == 1:
        parts.append("<p>No practice recorded in this file yet.</p>")
    return "".join(parts)


def _met(tick: dict) -> str:
    met = tick.get("met")
    if isinstance(met, dict):  # a skill round: criteria met per statement
        return e("; ".join(f"{len(v)} of {tick['criteria']}" for v in met.values()))
    return e(f"{len(met or [])} of {tick['criteria']}")


class _RecordPanel(w.VBox):
    def __init__(self, record: PracticeRecord, bank: Bank):
        self.record = record
        self.body = w.HTML(f"{STYLE}<div class='rl-card'>{record_html(record, bank)}</div>")
        self.comment = written_text(description="Your comment", style={"description_width": "initial"},
                                    layout=w.Layout(width="100%", max_width="48em", height="4.5em"))
        self.save = w.Button(description="Save comment", layout=w.Layout(width="auto"))
        self.comments = w.HTML()
        self.save.on_click(lambda _: self.add(self.comment.value))
        super().__init__([self.body, self.comments, self.comment, self.save])
        self._show_comments()

    def _show_comments(self, note: str = "") -> None:
        try:
            comments = load_comments(self.record.path)
        except CommentsError as exc:
            self.comments.value = f"<p role='alert'>\u26a0 {e(exc)}</p>"
            self.save.disabled = True
            return
        listed = "".join(f"<li>{e(c['at'][:10])}: {e(c['text'])}</li>" for c in comments)
        self.comments.value = (f"<p role='status'>{e(note)}</p>" if note else "") + (
            f"<p><strong>Comments</strong> (kept beside the record)</p><ol>{listed}</ol>" if listed else "")

    def add(self, text: str) -> None:
        if not text.strip():
            return
        try:
            save_comment(self.record.path, text)
        except CommentsError as exc:
            self.comments.value = f"<p role='alert'>\u26a0 {e(exc)}</p>"
            return
        self.comment.value = ""
        self._show_comments("Saved.")


class CoachView(w.VBox):
    opened = List().tag(sync=False)

    def __init__(self, folder: Path | str | None = None, bank: Bank | None = None, **kwargs):
        self.bank = bank or current_session().bank
        style = {"description_width": "initial"}
        self.folder = written_line(value=str(folder or default_folder()), description="Folder of records", style=style,
                                   layout=w.Layout(width="100%", max_width="48em"))
        self.refresh_button = w.Button(description="Look in this folder", layout=w.Layout(width="auto"))
        self.choose = w.SelectMultiple(options=[], description="Records", style=style,
                                       layout=w.Layout(width="100%", max_width="48em"))
        self.open_button = w.Button(description="Open the chosen records", button_style="primary",
                             layout=w.Layout(width="auto"))
        self.message = w.HTML()
        self.panels = w.VBox()
        self.refresh_button.on_click(lambda _: self.look())
        self.open_button.on_click(lambda _: self.show(list(self.choose.value)))
        intro = w.HTML(f"{STYLE}<div class='rl-card'><p><strong>Coach view.</strong> Put the files your learners "
                       "exported (<code>repairlab progress export</code>) in one folder. They open read-only; your "
                       "comments are saved in a file beside each record.</p></div>")
        super().__init__([intro, self.folder, self.refresh_button, self.choose, self.open_button, self.message, self.panels],
                         **kwargs)
        self.look()

    def look(self) -> None:
        found = records_in(Path(self.folder.value).expanduser())
        self.choose.options = [(p.name, str(p)) for p in found]
        self.message.value = (f"<p role='status'>{len(found)} record(s) found.</p>" if found else
                              "<p role='status'>No exported records in this folder yet.</p>")

    def show(self, paths: list[str]) -> None:
        panels, problems = [], []
        for path in paths:
            try:
                panels.append(_RecordPanel(open_record(Path(path)), self.bank))
            except StoreError as exc:
                problems.append(str(exc))
        self.panels.children = panels
        self.opened = [p.record.path.name for p in panels]
        self.message.value = "".join(f"<p role='alert'>\u26a0 {e(p)}</p>" for p in problems)
