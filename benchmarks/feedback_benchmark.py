"""How well does the feedback engine read replies, how easily is it gamed, and how fast is it?

Prints figures; asserts nothing. Run:  .venv/bin/python benchmarks/feedback_benchmark.py [--quick]

1. The vignette bank, item-grouped cross-validation (5 folds by vignette id): for each fold the
   quality head is rebuilt from the other folds' items only (its C chosen by an inner grouped CV
   on those items), and the whole engine, guards included, scores the held-out items' replies.
   Reports the share of (exemplary, poor) pairs to the same statement where the exemplary reply
   scores higher (target >= 0.90). --quick skips this part (it refits the model five times).
2. AnnoMI (../shared/datasets/annomi, expert-coded MI transcripts), held-out transcripts (odd
   ids; the model learned from the even ones): agreement with the experts' reflection / question /
   other codes (target >= 0.85; therapist input counts as other), and complex vs simple on the
   experts' reflections (target >= 0.75).
3. The adversarial suite (tests/fixtures/feedback/adversarial.yaml): the share of gamed replies
   scoring below the median exemplary reply to the same statement, with the shipped model (whose
   training saw the bank's exemplars) and under the cross-validation (the statement unseen).
4. Speed: load time in a fresh process, and milliseconds per reply after load (target p95 < 20).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "widgets"))


def p95(times: list[float]) -> float:
    return times[int(0.95 * (len(times) - 1))]


def target(value: float, goal: float, above: bool = True) -> str:
    met = value >= goal if above else value < goal
    return f"(target {'>=' if above else '<'} {goal:g}: {'met' if met else 'NOT met'})"


def adversarial_summary(results: list[dict], title: str) -> None:
    ran = [r for r in results if not r["skipped"]]
    passed = sum(r["passed"] for r in ran)
    named = sum(r["named"] for r in ran)
    print(f"  {title}: {passed}/{len(ran)} gamed replies below the median exemplar ({passed / max(1, len(ran)):.3f}); "
          f"the expected pull named in {named}/{len(ran)}")
    by_cat: dict[str, list[dict]] = {}
    for r in ran:
        by_cat.setdefault(r["category"], []).append(r)
    print("    " + ", ".join(f"{c} {sum(x['passed'] for x in rs)}/{len(rs)}" for c, rs in by_cat.items()))
    fresh = [r for r in ran if r.get("set") == "fresh"]
    if fresh:
        print(f"    of which the {len(fresh)} written after the engine was built: "
              f"{sum(r['passed'] for r in fresh)}/{len(fresh)} below the median, {sum(r['named'] for r in fresh)} named")
    for r in ran:
        if not r["passed"] or not r["named"]:
            what = "scored above the median exemplar" if not r["passed"] else "expected pull not named"
            print(f"    {r['id']}: {what} (score {r['score']:.2f}, median exemplar {r['median_exemplar']:.2f}, "
                  f"pulls {r['pulls']})")


def load_time() -> tuple[float, bool]:
    code = ("import sys, time; t = time.perf_counter(); from repairlab.feedback import analyse; "
            "analyse('I feel stuck.', 'It sounds like you feel stuck.'); "
            "print(time.perf_counter() - t, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**__import__("os").environ, "PYTHONPATH": str(REPO / "widgets")}).stdout.split()
    return float(out[0]), out[1] == "True"


def main() -> int:
    quick = "--quick" in sys.argv
    from repairlab.bank import load_bank
    from repairlab.feedback import evaluate as E
    from repairlab.feedback import train as T
    from repairlab.feedback.cues import load_cues
    from repairlab.feedback.model import load_model

    cues = load_cues()
    model = load_model()
    bank = list(load_bank())
    replies = T.load_replies(bank)
    cases = E.load_adversarial()
    print(f"Model {model.version} (trained on {model.meta['trained_on']['bank']['items']} bank items, "
          f"AnnoMI {model.meta['trained_on']['annomi']['training_utterances']} training-split utterances)")
    stale = [p for p in (T.check() if T.ANNOMI_FILE.exists() else []) if "AnnoMI" not in p]
    if stale:
        print("  note: " + "; ".join(stale) + " (figures below use today's data)")
    have_annomi = T.ANNOMI_FILE.exists()
    utterances = T.load_annomi() if have_annomi else []

    print("\n1. Vignette bank, exemplary above poor, item-grouped 5-fold cross-validation")
    cv = None
    if quick:
        print("  skipped (--quick)")
    elif not have_annomi:
        print(f"  skipped: AnnoMI is needed to rebuild the model in each fold ({T.ANNOMI_FILE})")
    else:
        t0 = time.perf_counter()
        cv = E.bank_cross_validation(replies, utterances, 5, cues, cases=cases, bank=bank)
        print(f"  {cv['pairs']} pairs from {cv['items']} items: exemplary higher in {cv['pair_rate']:.3f} "
              f"{target(cv['pair_rate'], 0.90)}, tied {cv['ties']:.3f}")
        print(f"  per fold: {', '.join(f'{x:.3f}' for x in cv['folds'])}; the learned estimate alone, before the "
              f"guards: {cv['raw_pair_rate']:.3f}; exemplary replies lowered by a guard: "
              f"{cv['exemplary_lowered']}/{cv['exemplary']}; C chosen per fold: {cv['quality_C']}")
        for pull, (rate, n) in cv["by_pull"].items():
            print(f"    against poor replies that {pull:<22} {rate:.3f} (n={n})")
        print(f"  ({time.perf_counter() - t0:.0f} s)")

    print("\n2. AnnoMI, held-out transcripts (odd ids), against the experts' codes")
    if not have_annomi:
        print(f"  skipped: AnnoMI not found at {T.ANNOMI_FILE}")
    else:
        h = E.annomi_held_out(utterances, model, cues)
        print(f"  {h['utterances']} therapist utterances in {h['transcripts']} transcripts")
        print(f"  reflection / question / other agreement: {h['three_way']:.3f} {target(h['three_way'], 0.85)}")
        print(f"  four codes (therapist input apart): {h['four_way']:.3f}")
        for label, row in h["per_class"].items():
            print(f"    {label:<16} recall {row['recall']:.3f}  precision {row['precision']:.3f}  (n={row['n']})")
        print(f"  complex vs simple, on the {h['complex_coded']} expert-coded reflections: {h['complex_head']:.3f} "
              f"{target(h['complex_head'], 0.75)} (always 'simple' would score {h['complex_majority']:.3f})")
        print(f"    on the {h['complex_engine_n']} of them the engine also reads as a reflection: {h['complex_engine']:.3f}")
        print(f"  questions recognised as questions: {h['questions_found']:.3f}")

    print("\n3. Adversarial suite")
    adversarial_summary(E.adversarial(cases, bank, model, cues), "shipped model")
    if cv is not None:
        adversarial_summary(cv["adversarial"], "under cross-validation (statement unseen)")

    print("\n4. Speed")
    seconds, sklearn_loaded = load_time()
    print(f"  load and first reply in a fresh process: {seconds:.2f} s {target(seconds, 1.0, above=False)}; "
          f"scikit-learn imported at run time: {'yes' if sklearn_loaded else 'no'}")
    pairs = [(r.client, r.text) for r in replies] + [(next(v.client_statement for v in bank if v.id == c["item"]), c["text"])
                                                      for c in cases if any(v.id == c["item"] for v in bank)]
    times, cpu = E.latency(pairs, cues, model)
    print(f"  {len(times)} replies (the bank's and the adversarial suite's), per reply after load:")
    print(f"    wall-clock: median {statistics.median(times):.2f} ms, 95th percentile {p95(times):.2f} ms "
          f"{target(p95(times), 20.0, above=False)}, max {times[-1]:.2f} ms")
    print(f"    CPU time:   median {statistics.median(cpu):.2f} ms, 95th percentile {p95(cpu):.2f} ms, "
          f"max {cpu[-1]:.2f} ms (wall-clock above CPU time is other programs' load; load average "
          f"{__import__('os').getloadavg()[0]:.1f} on {__import__('os').cpu_count()} cores)")
    try:
        import torch  # noqa: F401

        print("  torch: installed in this environment (not required by repairlab)")
    except ImportError:
        print("  torch: not installed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
