"""HTML fragments shared by the exercises. Everything from data or a learner is escaped here.

Signals never rely on colour alone: each carries a word and a symbol, and sizes are relative
so the page stays readable at 200% zoom.
"""

from __future__ import annotations

from html import escape

from repairlab.bank.schema import Vignette

STYLE = """
<style>
.rl-card{border:1px solid #767676;border-radius:6px;padding:0.8em 1em;margin:0.4em 0;max-width:48em;line-height:1.5}
.rl-context{font-size:0.95em}
.rl-statement{font-size:1.1em;margin:0.6em 0;padding-left:0.8em;border-left:4px solid #555}
.rl-ok{border-left:6px solid #1b7d3a}
.rl-no{border-left:6px solid #a4262c}
.rl-cols{display:flex;flex-wrap:wrap;gap:1em}
.rl-cols>section{flex:1 1 20em;min-width:0}
.rl-tag{display:inline-block;border:1px solid #767676;border-radius:4px;padding:0 0.35em;margin-right:0.3em;font-size:0.85em}
.rl-muted{color:#444}
</style>
"""


def e(text: object) -> str:
    return escape("" if text is None else str(text), quote=True)


def statement_card(item: Vignette, modality_label: str) -> str:
    c = item.context
    return (
        STYLE
        + "<div class='rl-card' role='group' aria-label='Client statement'>"
        f"<div class='rl-context'><strong>Client:</strong> {e(c.client)}<br>"
        f"<strong>Setting:</strong> {e(c.setting)} ({e(modality_label)}), session {c.session}<br>"
        f"<strong>Just before:</strong> {e(c.moment)}</div>"
        f"<blockquote class='rl-statement'>{e(item.client_statement)}</blockquote></div>"
    )


def verdict(ok: bool, headline: str, body: str) -> str:
    mark, word, cls = ("\u2714", "Yes", "rl-ok") if ok else ("\u2716", "Not quite", "rl-no")
    return (
        f"{STYLE}<div class='rl-card {cls}' role='status' aria-live='polite'>"
        f"<p><strong>{mark} {word}: {e(headline)}</strong></p>{body}</div>"
    )


def show_subtypes_for(dropdown, taxonomy, family: str | None) -> None:
    """Fill and reveal the marker dropdown for a rupture family; hide it for any other family."""
    if taxonomy.is_rupture(family or ""):
        dropdown.options = [(label.label, key) for key, label in taxonomy.subtypes[family].items()]
        dropdown.value = None
        dropdown.layout.display = None
    else:
        dropdown.options = []
        dropdown.layout.display = "none"


def chosen_subtype(taxonomy, family: str | None, subtype: str | None) -> str | None:
    """The marker that goes with a choice: the dropdown's value for a rupture, none otherwise."""
    return subtype if taxonomy.is_rupture(family or "") else None


def choice_complete(taxonomy, family: str | None, subtype: str | None) -> bool:
    """A family is chosen and, for a rupture, its marker too: the rule every classification control uses."""
    return family is not None and (not taxonomy.is_rupture(family) or subtype is not None)
