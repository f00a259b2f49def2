"""Capacity of the class hub on this machine: memory per learner, seconds to spawn, and bursts.

    sudo nice -n 19 /path/to/repairlab/.venv/bin/python deploy/jupyterhub/capacity.py --learners 10

Run as root on an idle machine (it creates Linux users rl-cap01... and removes them at the end).
It installs the hub with setup.sh (as the hub test does), then measures, through the hub's proxy:

1. spawn: one server started on an idle hub (API request to "ready"), then the first landing page
   (the learner's Voilà starts and preheats its kernels), then all learners' servers started at
   once (a pre-spawned pool, as an instructor would start one before class);
2. memory per learner: every process the learner's Linux user runs (single-user server, Voilà,
   its preheated kernels and the kernels of the pages open), after the learner has opened the
   landing page and one module in a browser; RSS and PSS (PSS shares common pages fairly);
3. bursts: K learners whose servers are up and whose kernels are preheated open the landing page
   at the same moment, three ways: in headless Chromium on this same machine (so the browsers'
   work competes with the servers'); the server's share of that, without browsers (the page, a
   websocket to its kernel through the hub's proxy, the widgets' state: what a browser asks for
   before the widgets show, less the static scripts, which a browser caches); and the time to the
   last byte of the page alone. Each says how many were ready within 5 s.

Every figure is printed with the machine's load average at the time it was taken (another job on
the machine inflates the times; the figures say so rather than hide it), and the whole set is
written as JSON (--out) with the date, the number of cores and the RAM. It measures; it never
asserts a time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LANDING = harness.LANDING


def load() -> list[float]:
    """The load average (1, 5 and 15 minutes) now."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict:
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    return {"date": datetime.datetime.now().astimezone().isoformat(timespec="minutes"),
            "cores": os.cpu_count(), "ram_mb": int(info["MemTotal"].split()[0]) // 1024,
            "load_at_start": load()}


def settle(seconds: float) -> None:
    """Let Voilà refill its kernel pools before the next measurement."""
    time.sleep(seconds)


async def browser_burst(hub: harness.Hub, names: list[str]) -> list[float]:
    """All ``names`` open their landing page at once; seconds each until the module cards show."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pages = []
        for name in names:  # log in first: the burst is the page opening, not the login
            context = await browser.new_context(viewport={"width": 1200, "height": 900})
            context.set_default_timeout(180_000)
            page = await logged_in(context, hub, name)
            pages.append((name, page))

        async def one(name, page):
            start = time.monotonic()
            await page.goto(hub.url + LANDING.format(name=name))
            await page.wait_for_selector("a.rl-module", timeout=180_000)
            return time.monotonic() - start

        times = await asyncio.gather(*(one(n, pg) for n, pg in pages))
        await browser.close()
        return list(times)


async def logged_in(context, hub: harness.Hub, name: str):
    """A tab of ``context`` logged in to the hub as ``name`` (the test authenticator takes any password)."""
    page = await context.new_page()
    await page.goto(f"{hub.url}/hub/login?next=/hub/home")
    await page.fill("input[name=username]", name)
    await page.fill("input[name=password]", "x")
    await page.click("input[type=submit], button[type=submit]")
    await page.wait_for_url("**/hub/home", timeout=60_000)
    return page


async def browser_open_module(hub: harness.Hub, names: list[str], hold: float):
    """Open the landing page and one module for each learner, keep them open ``hold`` seconds."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name in names:
            context = await browser.new_context()
            context.set_default_timeout(180_000)
            page = await logged_in(context, hub, name)
            await page.goto(hub.url + LANDING.format(name=name))
            await page.wait_for_selector("a.rl-module", timeout=120_000)
            module = await context.new_page()
            await module.goto(hub.url + LANDING.format(name=name).replace("index.ipynb", "02_recognising_ruptures.ipynb"))
            await module.locator(".widget-button:visible").first.wait_for(timeout=120_000)
        await asyncio.sleep(hold)
        memory = {name: harness.user_memory(name) for name in names}
        await browser.close()
        return memory


def http_burst(sessions: list[harness.Browserless]) -> list[float]:
    from concurrent.futures import ThreadPoolExecutor

    def one(s):
        start = time.monotonic()
        response = s.api("GET", LANDING.format(name=s.name))
        response.raise_for_status()
        return time.monotonic() - start

    with ThreadPoolExecutor(len(sessions)) as pool:
        return list(pool.map(one, sessions))


def widget_burst(sessions: list[harness.Browserless]) -> list[float]:
    """The server's share of K learners opening their landing page at once: what each learner's
    browser asks of the server before the widgets show (the page, a websocket to its kernel
    through the hub's proxy, the widgets' state as ipywidgets' manager asks for it), without the
    browsers' own work. Seconds each, until the widgets' state arrived."""
    from concurrent.futures import ThreadPoolExecutor

    def one(s: harness.Browserless) -> float:
        start = time.monotonic()
        _, states = harness.landing_widgets(s)
        if not any(v.get("state", {}).get("_model_name") == "HTMLModel" for v in states.values()):
            raise RuntimeError(f"{s.name}'s landing page has no HTML widget: {list(states)[:5]}")
        return time.monotonic() - start

    with ThreadPoolExecutor(len(sessions)) as pool:
        return list(pool.map(one, sessions))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--learners", type=int, default=10)
    parser.add_argument("--bursts", default="1,3,6,10")
    parser.add_argument("--spawn-concurrency", type=int, default=4)
    parser.add_argument("--out", default="hub_capacity.json")
    parser.add_argument("--work", default="/var/tmp/repairlab-hub")
    args = parser.parse_args()
    reason = harness.missing_requirements()
    if reason:
        print(f"cannot measure: {reason}", file=sys.stderr)
        return 2

    names = [f"rl-cap{i:02d}" for i in range(1, args.learners + 1)]
    grader = "rl-capgrader"
    work = Path(args.work)
    root = work / "capacity"
    shutil.rmtree(root, ignore_errors=True)
    for name in [*names, grader]:
        harness.make_user(name)
    hub = harness.Hub(root=root, prefix=work / "prefix", instructors=[], students=names, grader=grader)
    figures: dict = {"learners": args.learners, **machine()}
    try:
        hub.setup()
        hub.start()
        sessions = []
        for name in names:
            s = harness.Browserless(hub, name)
            s.login(spawn=False)
            s.make_token()
            sessions.append(s)

        # 1. one spawn on an idle hub, then its first landing page (Voilà starts, preheats)
        first = sessions[0]
        figures["spawn_idle_s"] = round(first.spawn(), 2)
        figures["spawn_idle_load"] = load()
        start = time.monotonic()
        first.api("GET", LANDING.format(name=first.name)).raise_for_status()
        figures["first_landing_page_s"] = round(time.monotonic() - start, 2)
        figures["first_landing_page_load"] = load()
        settle(20)
        idle = harness.user_memory(first.name)
        figures["idle_learner_memory_mb"] = {"rss": round(idle["rss_mb"]), "pss": round(idle["pss_mb"]),
                                             "processes": [_what(p["cmd"]) for p in idle["processes"]]}
        print(json.dumps(figures), flush=True)

        # all the others at once: the pre-spawned pool
        from concurrent.futures import ThreadPoolExecutor

        # (as an admin's "Start all" or a script would: a few at a time, the hub's spawn limit)
        start = time.monotonic()
        with ThreadPoolExecutor(args.spawn_concurrency) as pool:
            spawn_times = list(pool.map(lambda s: s.spawn(timeout=600), sessions[1:]))
        figures["pool_spawn"] = {"servers": len(spawn_times), "concurrency": args.spawn_concurrency,
                                 "all_ready_s": round(time.monotonic() - start, 1),
                                 "median_s": round(statistics.median(spawn_times), 1) if spawn_times else None,
                                 "max_s": round(max(spawn_times), 1) if spawn_times else None,
                                 "load": load()}
        print(json.dumps(figures), flush=True)
        # warm each learner's Voilà (starts it and fills its pools), one at a time, then let it settle
        for s in sessions[1:]:
            s.api("GET", LANDING.format(name=s.name)).raise_for_status()
        settle(30)
        figures["machine_memory_after_pool_mb"] = _machine_used_mb()
        pool = [harness.user_memory(s.name) for s in sessions]
        figures["pool_learner_memory_mb"] = {
            "learners": len(pool), "load": load(),
            "pss_median": round(statistics.median(m["pss_mb"] for m in pool)),
            "rss_median": round(statistics.median(m["rss_mb"] for m in pool)),
            "pss_total": round(sum(m["pss_mb"] for m in pool))}
        print(json.dumps({k: figures[k] for k in ("machine_memory_after_pool_mb", "pool_learner_memory_mb")}),
              flush=True)

        # 2. memory per learner with the landing page and a module open
        sample = names[: min(3, len(names))]
        memory = asyncio.run(browser_open_module(hub, sample, hold=10))
        figures["active_learner_memory_mb"] = {
            name: {"rss": round(m["rss_mb"]), "pss": round(m["pss_mb"]), "processes": len(m["processes"])}
            for name, m in memory.items()}
        figures["active_learner_load"] = load()
        figures["active_learner_processes"] = [
            {"rss_mb": p["rss_mb"], "what": _what(p["cmd"])} for p in memory[sample[0]]["processes"]]
        print(json.dumps({k: figures[k] for k in ("active_learner_memory_mb", "active_learner_processes")}), flush=True)
        settle(30)

        # 3. bursts on the warm pool (each learner opens their own landing page)
        figures["bursts"] = []
        for k in [int(x) for x in args.bursts.split(",") if int(x) <= len(names)]:
            chosen = sessions[:k]
            http_load = load()
            http_times = http_burst(chosen)
            settle(25)
            widget_load = load()
            try:
                widget_times = widget_burst(chosen)
            except Exception as error:  # noqa: BLE001 - reported, not hidden
                print(f"widget burst of {k} failed: {error!r}", flush=True)
                widget_times = [float("inf")] * k
            settle(25)
            browser_load = load()
            try:
                browser_times = asyncio.run(browser_burst(hub, [s.name for s in chosen]))
            except Exception as error:  # noqa: BLE001 - a burst the machine cannot serve is a result too
                print(f"burst of {k} failed: {error}", flush=True)
                browser_times = [float("inf")] * k
            figures["bursts"].append({
                "learners": k,
                "browser_median_s": round(statistics.median(browser_times), 2),
                "browser_max_s": round(max(browser_times), 2),
                "browser_within_5s": sum(t <= 5 for t in browser_times),
                "browser_load_before": browser_load,
                "http_median_s": round(statistics.median(http_times), 2),
                "http_last_byte_max_s": round(max(http_times), 2),
                "http_within_5s": sum(t <= 5 for t in http_times),
                "http_load_before": http_load,
                "widgets_median_s": round(statistics.median(widget_times), 2),
                "widgets_max_s": round(max(widget_times), 2),
                "widgets_within_5s": sum(t <= 5 for t in widget_times),
                "widgets_load_before": widget_load,
            })
            print(json.dumps(figures["bursts"][-1]), flush=True)
            settle(25)
    finally:
        hub.stop()
        if (root / "jupyterhub.log").exists():
            shutil.copy(root / "jupyterhub.log", Path(args.out).with_suffix(".log"))
        for name in [*names, grader]:
            harness.drop_user(name)
        shutil.rmtree(root, ignore_errors=True)

    Path(args.out).write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    return 0


def _what(cmd: str) -> str:
    for needle, label in (("ipykernel", "kernel"), ("jupyterhub-singleuser", "single-user server"),
                          ("voila", "Voilà")):
        if needle in cmd:
            return label
    return cmd[:60]


def _machine_used_mb() -> int:
    info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
    kb = lambda key: int(info[key].split()[0])  # noqa: E731
    return round((kb("MemTotal") - kb("MemAvailable")) / 1024)


if __name__ == "__main__":
    sys.exit(main())
