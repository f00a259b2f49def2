"""Before and after: compare a learner's two assessment forms.

The forms are matched on family and difficulty, so the change from the first form taken to
the second is a fair (if small) measure. Figures: accuracy by family (recognising), the
learner's own rubric rating of their drafted responses (responding), and the share of items
where they felt hooked vs engaged. The feedback engine's estimate of a draft is kept in the
store but not reported here as a measure of skill: it reads words, not tone.
"""

from __future__ import annotations

from dataclasses import dataclass

from repairlab.bank.scoring import stored_outcome
from repairlab.bank import Bank


@dataclass
class FormResult:
    form: str
    taken_at: str
    items: int
    accuracy: float
    accuracy_by_family: dict[str, float]
    mean_score: float | None  # the engine's estimate, kept for research use; not shown as skill
    hooked_share: float | None
    engaged_share: float | None
    responding: float | None = None  # mean rubric rating of the drafted responses, 0 to 1


def form_results(bank: Bank, answers: list[dict], drafts: list[dict], reactions: list[dict],
                 journal: list[dict] = ()) -> list[FormResult]:
    """One result per form taken, in the order taken (latest answer to each item counts)."""
    results = []
    for form in [p for p in bank.taxonomy.pools if p != "practice"]:
        context = f"assessment:{form}"
        ids = {v.id for v in bank.assessment_form(form)}
        latest = {a["item_id"]: a for a in answers if a["context"] == context and a["item_id"] in ids}
        if not latest:
            continue
        # Plain Python, not pandas: the report is on the self-assessment page, and importing
        # pandas (0.3 s) for two means held that page back.
        correct = [(bank.get(i).family, bool(stored_outcome(a).correct)) for i, a in latest.items()]
        by_family: dict[str, list[bool]] = {}
        for family, right in correct:
            by_family.setdefault(family, []).append(right)
        last_draft = {d["item_id"]: d["score"] for d in drafts if d["item_id"] in ids and d["score"] is not None}
        stances = {r["item_id"]: r["stance"] for r in reactions if r["note"] == context and r.get("stance")}
        hooked = sum(1 for stance in stances.values() if stance == "hooked")
        engaged = sum(1 for stance in stances.values() if stance == "engaged")
        results.append(FormResult(
            form=form,
            taken_at=min(a["at"] for a in latest.values()),
            items=len(latest),
            accuracy=sum(right for _, right in correct) / len(correct),
            accuracy_by_family={family: sum(rights) / len(rights) for family, rights in sorted(by_family.items())},
            mean_score=float(sum(last_draft.values()) / len(last_draft)) if last_draft else None,
            hooked_share=hooked / len(stances) if stances else None,
            engaged_share=engaged / len(stances) if stances else None,
            responding=_responding(journal, form),
        ))
    return sorted(results, key=lambda r: r.taken_at)


def _responding(journal: list[dict], form: str) -> float | None:
    """The latest self-rating of each drafted response on this form, as a share of the rubric."""
    latest: dict[str, dict] = {}
    for entry in journal:
        if entry["exercise"] == "response_rating" and entry["entry"].get("form") == form:
            latest[entry["entry"]["item_id"]] = entry["entry"]
    if not latest:
        return None
    return sum(r["total"] for r in latest.values()) / sum(r["max"] for r in latest.values())
