"""The landing page shown when the curriculum opens in Voilà.

Until the modules arrive it shows what the practice bank holds, by family, so a trainee can see
what they will be practising. It shows counts only: no labels of individual items.
"""

from __future__ import annotations

from html import escape

from IPython.display import HTML, display

from repairlab.bank import load_bank


def overview_html() -> str:
    bank = load_bank()
    practice = bank.practice_items()
    rows = []
    for key, family in bank.taxonomy.families.items():
        n = sum(1 for v in practice if v.family == key)
        rows.append(
            f"<tr><th scope='row'>{escape(family.label)}</th><td>{n}</td>"
            f"<td>{escape(family.definition)}</td></tr>"
        )
    return (
        "<section aria-labelledby='bank-heading'>"
        "<h2 id='bank-heading'>What you will practise</h2>"
        f"<p>{len(practice)} practice statements, written for this curriculum, "
        "from clients of many ages, backgrounds and settings.</p>"
        "<table><thead><tr><th scope='col'>Kind of moment</th><th scope='col'>Statements</th>"
        "<th scope='col'>What it is</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        "</section>"
    )


def show() -> None:
    display(HTML(overview_html()))
