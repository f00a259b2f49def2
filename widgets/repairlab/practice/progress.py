"""Summaries of a learner's record for the dashboard and reports (pandas, no widgets).

Each function takes plain records from the store and returns a small DataFrame, so the same
numbers feed the learner's dashboard and an instructor's report.
"""

from __future__ import annotations

import pandas as pd

from repairlab.bank.scoring import stored_outcome
from repairlab.bank import Bank


def answers_frame(answers: list[dict], bank: Bank) -> pd.DataFrame:
    rows = []
    for a in answers:
        if a["item_id"] not in bank:
            continue  # an item since removed from the bank, or a learner's own item
        item = bank.get(a["item_id"])
        rows.append({
            "at": pd.Timestamp(a["at"]), "item_id": a["item_id"], "true_family": item.family,
            "true_subtype": item.subtype, "chosen_family": a["chosen_family"],
            "chosen_subtype": a["chosen_subtype"], "correct": stored_outcome(a).correct,
            "family_correct": bool(a["family_correct"]), "pool": item.pool,
        })
    columns = ["at", "item_id", "true_family", "true_subtype", "chosen_family", "chosen_subtype",
               "correct", "family_correct", "pool"]
    return pd.DataFrame(rows, columns=columns)


def accuracy_by(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Share correct and count, per value of ``column``."""
    if frame.empty:
        return pd.DataFrame(columns=[column, "accuracy", "answers"])
    grouped = frame.groupby(column)["correct"].agg(["mean", "count"]).reset_index()
    return grouped.rename(columns={"mean": "accuracy", "count": "answers"})


def accuracy_over_time(frame: pd.DataFrame, window: int = 10) -> pd.DataFrame:
    """Rolling accuracy per family over the learner's answers, in order."""
    if frame.empty:
        return pd.DataFrame(columns=["n", "true_family", "accuracy"])
    ordered = frame.sort_values("at").reset_index(drop=True)
    ordered["n"] = range(1, len(ordered) + 1)
    parts = []
    for family, group in ordered.groupby("true_family"):
        rolled = group["correct"].astype(float).rolling(window, min_periods=1).mean()
        parts.append(pd.DataFrame({"n": group["n"], "true_family": family, "accuracy": rolled}))
    return pd.concat(parts).sort_values("n").reset_index(drop=True)


def confusions(frame: pd.DataFrame, families: list[str]) -> pd.DataFrame:
    """Counts of (true family, chosen family): rows are the truth, columns the choice."""
    table = pd.crosstab(frame["true_family"], frame["chosen_family"]) if not frame.empty else pd.DataFrame()
    return table.reindex(index=families, columns=families, fill_value=0)


def reactions_frame(reactions: list[dict], feelings: list[str]) -> pd.DataFrame:
    """One row per reaction check (the form with a challenge rating and sliders), with its
    stance. The one-click check before drafting and the stance-only answers of an assessment
    are not reaction checks and are left out, so the chart shows only slider ratings.
    ``feelings`` are the slider names from ``data/practice/reaction_form.yaml``; a record from
    before a feeling was added simply has no rating for it."""
    rows = []
    for r in reactions:
        if r.get("challenge") is None:
            continue
        rated = r["feelings"] or {}
        rows.append({"at": pd.Timestamp(r["at"]), "challenge": r["challenge"],
                     **{name: rated.get(name) for name in feelings}, "stance": r.get("stance")})
    return pd.DataFrame(rows, columns=["at", "challenge", *feelings, "stance"])


def drafts_frame(drafts: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"at": pd.Timestamp(d["at"]), "item_id": d["item_id"], "attempt": d["attempt"], "score": d["score"]}
         for d in drafts],
        columns=["at", "item_id", "attempt", "score"],
    )
