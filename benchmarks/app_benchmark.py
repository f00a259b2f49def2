"""How quickly does the curriculum come alive in a browser, and how much does it cost?

Prints figures; asserts nothing (speed goals live here, never in the tests). Run:

    .venv/bin/python benchmarks/app_benchmark.py [--runs 3] [--quick] [--only 1 2 5 6]

1. Every page, cold (a kernel started per request) and preheated (the pools in voila.json, plus
   one for the bare page), against the bare page: a one-button ipywidgets notebook served by the
   same server. Two times per load, measured in the page from the start of navigation:
   - first content: the first prose (a Markdown cell) on screen (the bare page has none: its
     button);
   - interactive: the first exercise control (button, field, menu) on screen; on the landing page,
     which has no exercise, the first link to a module.
   Median of --runs loads per page; loads alternate between pages and servers, each in a new tab
   of a browser whose HTTP cache is warm (a learner moving between modules). Before each load the
   servers are left to settle (pools refilled, kernels idle), so a preheated load meets a heated
   kernel. The ratio is the page's median over the bare page's median on the same server; the
   summary lines also pair each load with the bare page's load in the same round (every page is
   loaded once per round) and give the median of those ratios, which a machine whose speed drifts
   during the run moves less.
2. Memory per kernel (resident set size) with every page open at once, and what the preheated
   pools hold at rest.
3. Feedback latency (from feedback_benchmark.py, when it offers latency_figures).
4. Seconds per submission for ``nbgrader autograde``, against a trivial one-cell assignment.
5. A burst: 20 learners opening the landing page at the same moment. The server's share (each
   request timed to the last byte of the page) for several pool sizes, with the memory each pool
   holds and how long it takes to refill; then the same burst in one browser on this machine.
6. What each change bought: each change against the state before it, the two servers running side
   by side and their loads interleaved, so drift on a busy machine hits both alike.

The browser runs on the same 2 cores as the server, so its own work is counted in sections 1 and
6 (as it is on a learner's laptop that also runs Voilà).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BARE = "zz_baseline.ipynb"
LANDING = "index.ipynb"
GOAL_RATIO = 1.1
BURST = 20
BURST_LIMIT_S = 5.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
BASELINE = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "b", "metadata": {}, "outputs": [],
               "source": "import ipywidgets as w\nw.Button(description='Baseline')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}

# The repairlab template as it was before issue 16 (the lab template without its CDN links), so
# that section 6 can measure what the present template buys.
TEMPLATE_BEFORE = """{%- extends 'lab/index.html.j2' -%}
{%- block notebook_css -%}
{{ super()
   | replace('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/all.min.css" type="text/css" />', '')
   | replace('<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@^5/css/v4-shims.min.css" type="text/css" />', '') }}
{%- endblock notebook_css -%}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
"""

# Installed before any page script runs: records, against the start of navigation, when the first
# prose, the first widget and the first control are on screen (laid out with a non-zero box).
TIMING_SCRIPT = r"""
(() => {
  const t = {}; window.__rl = t;
  const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  // The first match is nearly always the one on screen; the rest are looked at only if it is not,
  // so that the check costs the page little.
  const any = sel => {
    const first = document.querySelector(sel);
    if (!first) return false;
    if (shown(first)) return true;
    for (const el of document.querySelectorAll(sel)) if (shown(el)) return true;
    return false;
  };
  // Pages of links and prose (the landing page, how the feedback works): the first link counts.
  const landing = /\/(index|how_the_feedback_works)\.ipynb$/.test(location.pathname);
  const control = landing ? '.jupyter-widgets a[href]'
    : '.jupyter-widgets:is(button, input, select, textarea), .jupyter-widgets :is(button, input, select, textarea)';
  function tick() {
    const now = performance.now();
    if (t.prose === undefined && any('.jp-MarkdownOutput')) t.prose = now;
    if (t.widget === undefined && any('.jupyter-widgets')) t.widget = now;
    if (t.control === undefined && any(control)) t.control = now;
    if (t.control === undefined) requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
})();
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site(tmp: Path) -> Path:
    """The modules plus the bare page, served from one folder."""
    root = tmp / "site"
    shutil.copytree(REPO / "modules", root)
    (root / BARE).write_text(json.dumps(BASELINE))
    return root


def has_widgets(page: Path) -> bool:
    return any(c["cell_type"] == "code" and "ui." in "".join(c["source"])
               for c in json.loads(page.read_text())["cells"]) or page.name == BARE


def voila_json() -> dict:
    return json.loads((REPO / "voila.json").read_text())


def pools_of_voila_json(**extra) -> dict:
    """voila.json's pools, plus one heated kernel for the bare page so that the two compare."""
    pools = json.loads(json.dumps(voila_json().get("VoilaKernelManager", {}).get("kernel_pools_config", {})))
    pools.setdefault(BARE, {"pool_size": 1})
    pools.update(extra)
    return pools


def without_warmup(pools: dict) -> dict:
    return {name: {k: v for k, v in spec.items() if k != "kernel_env_variables"} for name, spec in pools.items()}


def pool_total(pools: dict, pages: list[str]) -> int:
    default = pools.get("default", {}).get("pool_size", 1)
    return sum(pools.get(p, {}).get("pool_size", default) for p in pages)


def median(xs: list[float]) -> float:
    xs = [x for x in xs if not math.isnan(x)]
    return statistics.median(xs) if xs else float("nan")


def spread(xs: list[float]) -> float:
    """(slowest - fastest) / median: how much repeated loads of one page disagreed."""
    xs = [x for x in xs if not math.isnan(x)]
    return (max(xs) - min(xs)) / statistics.median(xs) if len(xs) > 1 else float("nan")


@dataclass
class Spec:
    """One way of serving the site."""

    label: str
    preheat: bool
    pools: dict | None = None          # kernel_pools_config; None keeps voila.json's
    template: str | None = None        # None keeps voila.json's
    args: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)  # for the server and its kernels
    site: Path | None = None           # another folder of pages (same names); None: the site

    @property
    def fill_delay(self) -> float:
        for arg in self.args:
            if arg.startswith("--VoilaKernelManager.fill_delay="):
                return float(arg.split("=", 1)[1])
        return float(voila_json().get("VoilaKernelManager", {}).get("fill_delay", 1))


class Voila:
    def __init__(self, root: Path, tmp: Path, spec: Spec, pages: list[str]):
        self.spec, self.pages = spec, pages
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        root = spec.site or root
        args = [str(BIN / "voila"), str(root), "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
                f"--VoilaConfiguration.preheat_kernel={spec.preheat}",
                # No culling while measuring: the bare page's heated kernel has no wait to keep it
                # busy, so the culler would stop it after ten idle minutes and its pool stay short.
                "--MappingKernelManager.cull_idle_timeout=0"]
        if spec.pools is not None:
            args.append(f"--VoilaKernelManager.kernel_pools_config={json.dumps(spec.pools)}")
        if spec.template:
            args.append(f"--VoilaConfiguration.template={spec.template}")
        args += spec.args
        name = "".join(c if c.isalnum() else "-" for c in spec.label)
        # The repository's own template, not a copy installed earlier, is the one measured.
        env = dict(os.environ, REPAIRLAB_STORE=str(tmp / f"store-{name}-{self.port}.sqlite3"),
                   JUPYTER_PATH=os.pathsep.join([str(tmp / "share" / "jupyter"), str(REPO / "share" / "jupyter")]),
                   **spec.env)
        self.log = open(tmp / f"voila-{name}-{self.port}.log", "w")
        self.proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(480):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.25)

    @property
    def pooled(self) -> int:
        if not self.spec.preheat:
            return 0
        pools = self.spec.pools if self.spec.pools is not None else pools_of_voila_json()
        return pool_total(pools, self.pages)

    def _children(self) -> list[tuple[int, list[str], str]]:
        out = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()  # after "(comm)", which may hold spaces
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if int(stat[1]) == self.proc.pid and "ipykernel" in cmd:
                out.append((int(proc.name), stat, cmd))
        return out

    def kernels_rss_mb(self) -> list[float]:
        out = []
        for pid, _, _ in self._children():
            try:
                status = (Path("/proc") / str(pid) / "status").read_text()
            except OSError:
                continue
            rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
            out.append(int(rss.split()[1]) / 1024)
        return out

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its kernels."""
        total = 0
        try:
            stat = (Path("/proc") / str(self.proc.pid) / "stat").read_text().rsplit(")", 1)[1].split()
            total += int(stat[11]) + int(stat[12])
        except OSError:
            pass
        for _, stat, _ in self._children():
            total += int(stat[11]) + int(stat[12])
        return total / CLK_TCK

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def settle(servers: list[Voila], min_wait: float = 0.0, timeout: float = 300.0) -> float:
    """Wait until every pool holds its kernels and nothing on the servers' side is working.

    Returns the seconds waited. Quiet means every pool has its kernels and the servers and their
    kernels used under 0.05 CPU-seconds per half second, three times running.
    """
    start = time.monotonic()
    time.sleep(min_wait)
    delays = [s.spec.fill_delay for s in servers if s.spec.preheat]
    time.sleep(max(delays) + 0.5 if delays else 0)  # a used pool starts its refill only after fill_delay
    last, quiet = sum(s.cpu_seconds() for s in servers), 0
    while time.monotonic() - start < timeout:
        time.sleep(0.5)
        now = sum(s.cpu_seconds() for s in servers)
        enough = all(len(s._children()) >= s.pooled for s in servers)
        quiet = quiet + 1 if now - last < 0.05 and enough else 0
        last = now
        if quiet >= 3:
            break
    return time.monotonic() - start


async def open_page(context, url: str) -> tuple[object, dict]:
    """Open ``url`` in a new tab; returns the tab and its times (s): html, prose, widget, control."""
    page = await context.new_page()
    try:
        await page.goto(url, timeout=180_000)
        await page.wait_for_function("window.__rl && window.__rl.control !== undefined", timeout=180_000,
                                     polling=100)
        t = await page.evaluate("({...window.__rl, html: performance.getEntriesByType('navigation')[0].responseEnd})")
        times = {k: v / 1000 for k, v in t.items()}
    except Exception as exc:  # a page that never becomes interactive is reported, not fatal
        print(f"   ! {url} did not become interactive: {type(exc).__name__}", flush=True)
        times = {}
    return page, times


# Leaving a page: Voilà's own shutdown beacon lacks the XSRF token (voila-dashboards/voila#1458), so
# the page's kernel is shut down here, as the beacon means to; otherwise every load would leave a
# kernel running until the culler came, and the machine would fill with idle kernels.
SHUTDOWN = """async () => {
  const config = JSON.parse(document.getElementById('jupyter-config-data').textContent);
  let xsrf = (document.cookie.match('\\b_xsrf=([^;]*)\\b') || [])[1];
  if (!xsrf) { xsrf = 'benchmark'; document.cookie = `_xsrf=${xsrf}; path=/`; }
  const body = new FormData(); body.append('_xsrf', xsrf);
  const r = await fetch(`${config.baseUrl}voila/api/shutdown/${config.kernelId}`, {method: 'POST', body});
  return r.status;
}"""


async def close_tab(page) -> None:
    try:
        await page.evaluate(SHUTDOWN)
    except Exception:
        pass
    await page.close()


@dataclass
class Load:
    content: float
    interactive: float
    html: float
    prose_first: bool


def as_load(name: str, t: dict) -> Load:
    nan = float("nan")
    if "control" not in t:
        return Load(nan, nan, nan, False)
    content = t.get("prose", t.get("widget", nan)) if name != BARE else t.get("widget", nan)
    prose_first = name == BARE or ("prose" in t and t["prose"] <= t.get("widget", math.inf) + 0.02)
    return Load(content, t["control"], t.get("html", nan), prose_first)


async def compare(root: Path, tmp: Path, specs: list[Spec], pages: list[str], runs: int,
                  note: str = "") -> dict[str, dict[str, list[Load]]]:
    """Serve the site once per spec, side by side; load every page ``runs`` times on each, interleaved."""
    from playwright.async_api import async_playwright

    servers = [Voila(root, tmp, spec, pages) for spec in specs]
    results: dict[str, dict[str, list[Load]]] = {s.label: {p: [] for p in pages} for s in specs}
    try:
        waited = settle(servers, timeout=600)
        print(f"   ({note}servers up, pools filled and quiet after {waited:.0f} s)", flush=True)
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            contexts = {}
            for server in servers:  # one warm-up load each: a learner's browser has Voilà's scripts cached
                context = await browser.new_context(viewport={"width": 1200, "height": 900})
                await context.add_init_script(TIMING_SCRIPT)
                contexts[server.spec.label] = context
                for warm in (BARE, LANDING):
                    tab, _ = await open_page(context, f"{server.url}/voila/render/{warm}")
                    await close_tab(tab)
            settle(servers)
            for run in range(runs):
                order = pages[run % len(pages):] + pages[:run % len(pages)]
                for name in order:
                    turn = servers if run % 2 == 0 else servers[::-1]
                    for server in turn:
                        tab, t = await open_page(contexts[server.spec.label], f"{server.url}/voila/render/{name}")
                        await close_tab(tab)
                        results[server.spec.label][name].append(as_load(name, t))
                        settle(servers)
            await browser.close()
    finally:
        for server in servers:
            server.stop()
    return results


def page_table(results: dict[str, dict[str, list[Load]]], labels: list[str], pages: list[str]) -> dict:
    """Print content/interactive/ratio per page for each label; returns the ratios and spreads."""
    header = "".join(f" | {label:^30}" for label in labels)
    print(f"   {'page':<34}{header}")
    print(f"   {'':<34}" + " | first content  interactive ratio" * len(labels))
    summary = {label: {"ratios": {}, "paired": {}, "interactive": {}, "content": {}, "spreads": [],
                       "prose_first": True} for label in labels}
    for name in pages:
        row = f"   {name.replace('.ipynb', ''):<34}"
        for label in labels:
            loads = results[label][name]
            bare = median([x.interactive for x in results[label][BARE]])
            content, inter = median([x.content for x in loads]), median([x.interactive for x in loads])
            ratio = inter / bare
            s = summary[label]
            s["ratios"][name], s["interactive"][name], s["content"][name] = ratio, inter, content
            # Each load against the bare page's load in the same round (minutes apart, not a whole
            # run), so that a machine whose speed drifts during the run moves both alike.
            s["paired"][name] = median([x.interactive / b.interactive for x, b in zip(loads, results[label][BARE])])
            s["spreads"].append(spread([x.interactive for x in loads]))
            if name not in (BARE,) and not all(x.prose_first for x in loads if not math.isnan(x.interactive)):
                s["prose_first"] = False
            row += f" | {content:9.2f} s {inter:9.2f} s {ratio:5.2f}"
        print(row)
    return summary


def ratio_summary(summary: dict, label: str, pages: list[str]) -> str:
    s = summary[label]
    modules = [p for p in pages if p != BARE]
    ratios = {p: s["ratios"][p] for p in modules}
    worst = max(ratios, key=lambda p: ratios[p])
    met = all(r <= GOAL_RATIO for r in ratios.values())
    paired = {p: s["paired"][p] for p in modules}
    worst_paired = max(paired, key=lambda p: paired[p])
    return (f"{label}: module pages interactive at {median(list(ratios.values())):.2f} x the bare page (median), "
            f"worst {ratios[worst]:.2f} ({worst.replace('.ipynb', '')}); goal <= {GOAL_RATIO} on every page: "
            f"{'met' if met else 'NOT met'}; prose first on every page: {'yes' if s['prose_first'] else 'NO'}; "
            f"repeat loads of a page differed by {median(s['spreads']):.0%} (median); each load against the "
            f"bare page's in the same round: median {median(list(paired.values())):.2f}, worst "
            f"{paired[worst_paired]:.2f} ({worst_paired.replace('.ipynb', '')}), goal "
            f"{'met' if all(r <= GOAL_RATIO for r in paired.values()) else 'NOT met'}")


# --- 1 and 2 ---------------------------------------------------------------------------------------

def cold_spec() -> Spec:
    return Spec("cold", preheat=False)


def preheated_spec() -> Spec:
    return Spec("preheated", preheat=True, pools=pools_of_voila_json())


def pages_section(root: Path, tmp: Path, pages: list[str], runs: int) -> dict:
    print(f"1. Time to first content and to interactive, seconds, median of {runs} loads per page; "
          "ratio = interactive / the bare page's", flush=True)
    results = asyncio.run(compare(root, tmp, [cold_spec(), preheated_spec()], pages, runs))
    summary = page_table(results, ["cold", "preheated"], pages)
    for label in ("cold", "preheated"):
        print("   " + ratio_summary(summary, label, pages))
    return summary


async def _open_all(server: Voila, pages: list[str]) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(viewport={"width": 1200, "height": 900})
        await context.add_init_script(TIMING_SCRIPT)
        tabs = [(await open_page(context, f"{server.url}/voila/render/{name}"))[0]  # every tab stays open
                for name in pages]
        for tab in tabs:  # every exercise made, as it is for a learner who stays on the page
            try:
                await tab.wait_for_function("!document.querySelector('.rl-later > .widget-button')",
                                            timeout=120_000, polling=250)
            except Exception as exc:
                print(f"   ! {tab.url}: exercises still waiting to be made ({type(exc).__name__})", flush=True)
        settle([server])
        rss = server.kernels_rss_mb()
        await browser.close()
        return rss


def memory_section(root: Path, tmp: Path, pages: list[str]) -> None:
    server = Voila(root, tmp, cold_spec(), pages)
    try:
        rss = sorted(asyncio.run(_open_all(server, pages)))
    finally:
        server.stop()
    print(f"\n2. Memory per kernel (RSS, MB), {len(rss)} kernels with every page open: "
          f"min {rss[0]:.0f} (the bare page's), median {statistics.median(rss):.0f}, max {rss[-1]:.0f}")
    hot = Voila(root, tmp, preheated_spec(), pages)
    try:
        settle([hot], timeout=600)
        pool = hot.kernels_rss_mb()
    finally:
        hot.stop()
    print(f"   preheated pools at rest (voila.json, with the bare page's): {len(pool)} kernels holding "
          f"{sum(pool):.0f} MB (median {statistics.median(pool):.0f} MB each, max {max(pool):.0f})")


# --- 3 and 4 (other issues' figures, kept so that one run prints everything) ----------------------

def feedback_section() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    try:
        from feedback_benchmark import latency_figures, p95
    except ImportError:
        print("\n3. Feedback latency: see benchmarks/feedback_benchmark.py (its section on speed)")
        return
    times = latency_figures()
    print(f"\n3. Feedback latency per response: median {statistics.median(times):.2f} ms, "
          f"95th percentile {p95(times):.2f} ms")


def autograde_seconds(tmp: Path, n_students: int) -> tuple[float, float]:
    """Seconds per submission: a course assignment, and a trivial one-cell assignment."""
    from repairlab.course import open_assignment

    course = tmp / "course"
    shutil.copytree(REPO / "instructor", course)
    trivial = course / "source" / "trivial"
    trivial.mkdir(parents=True)
    cell = {"cell_type": "code", "execution_count": None, "id": "t", "outputs": [], "source": "assert 1 + 1 == 2",
            "metadata": {"nbgrader": {"grade": True, "solution": False, "locked": True, "points": 1,
                                      "grade_id": "t", "schema_version": 3}}}
    (trivial / "trivial.ipynb").write_text(json.dumps({**BASELINE, "cells": [cell]}))
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", REPAIRLAB_EXCHANGE=str(tmp / "x"))
    results = {}
    for name in ("a1_recognising_ruptures", "trivial"):
        done = subprocess.run([str(BIN / "nbgrader"), "generate_assignment", name, "--force"], cwd=course,
                              env=env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"nbgrader generate_assignment {name} failed:\n{done.stderr[-3000:]}")
        key = json.loads((course / "keys" / f"{name}.json").read_text()) if name != "trivial" else None
        for s in range(n_students):
            folder = course / "submitted" / f"s{s}" / name
            shutil.copytree(course / "release" / name, folder)
            (folder / "timestamp.txt").write_text("2026-11-23 12:00:00.000000 UTC")
            if key:
                assignment = open_assignment(folder)
                for q, entry in key["questions"].items():
                    assignment.classify(q).answer(entry["family"], entry["subtype"])
        start = time.perf_counter()
        done = subprocess.run([str(BIN / "nbgrader"), "autograde", name, "--create"], cwd=course, env=env,
                              capture_output=True, text=True)
        results[name] = (time.perf_counter() - start) / n_students
        if done.returncode:
            raise SystemExit(f"nbgrader autograde {name} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return results["a1_recognising_ruptures"], results["trivial"]


# --- 5 ---------------------------------------------------------------------------------------------

def server_render_times(server: Voila, n: int, name: str = LANDING) -> list[float]:
    """N simultaneous requests for a page, each timed to its last byte: the server's share alone."""
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{server.url}/voila/render/{name}", timeout=300) as response:
                response.read()
        except OSError:
            return float("nan")
        return time.perf_counter() - start

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


async def browser_burst(server: Voila, n: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(viewport={"width": 1200, "height": 900})
        await context.add_init_script(TIMING_SCRIPT)
        tab, _ = await open_page(context, f"{server.url}/voila/render/{BARE}")  # scripts cached, as in section 1
        await close_tab(tab)
        settle([server])
        opened = await asyncio.gather(*[open_page(context, f"{server.url}/voila/render/{LANDING}")
                                        for _ in range(n)])
        await browser.close()
        return [t.get("control", float("nan")) for _, t in opened]


def burst_line(label: str, times: list[float]) -> str:
    ok = sum(1 for t in times if t <= BURST_LIMIT_S)
    return (f"{label:<44} median {median(times):5.2f} s, slowest {max(times):5.2f} s, "
            f"{ok:>2} of {len(times)} within {BURST_LIMIT_S:g} s")


def burst_section(root: Path, tmp: Path, pages: list[str], sizes: list[int], browser: bool) -> dict:
    print(f"\n5. A burst of {BURST} learners opening the landing page at once", flush=True)
    print("   the server's share (each request timed to the last byte of the page):")
    figures = {}
    for size in [0] + sizes:
        if size == 0:
            spec = Spec("cold: no kernel preheated", preheat=False)
        else:
            spec = Spec(f"landing-page pool of {size}", preheat=True, pools=pools_of_voila_json(
                **{LANDING: {**pools_of_voila_json().get(LANDING, {}), "pool_size": size}}))
        server = Voila(root, tmp, spec, pages)
        try:
            filled = settle([server], timeout=900)
            rest = server.kernels_rss_mb()
            landing_mb = 0.0
            times = server_render_times(server, BURST)
            refill = settle([server], timeout=900) if size else 0.0
            figures[size] = (times, sum(rest))
            if size:
                landing_mb = sum(rest) / max(1, len(rest)) * size
            print("   " + burst_line(spec.label, times)
                  + (f"; pools at rest {len(rest)} kernels, {sum(rest):.0f} MB (the landing page's about "
                     f"{landing_mb:.0f} MB), filled in {filled:.0f} s, refilled in {refill:.0f} s" if size else ""),
                  flush=True)
        finally:
            server.stop()
    if browser:
        size = max(sizes)
        spec = Spec(f"landing-page pool of {size}", preheat=True, pools=pools_of_voila_json(
            **{LANDING: {**pools_of_voila_json().get(LANDING, {}), "pool_size": size}}))
        server = Voila(root, tmp, spec, pages)
        try:
            settle([server], timeout=900)
            times = asyncio.run(browser_burst(server, BURST))
        finally:
            server.stop()
        print(f"   the same burst in {BURST} tabs of one browser on these 2 cores (time to interactive):")
        print("   " + burst_line(spec.label, times))
    return figures


# --- 6 ---------------------------------------------------------------------------------------------

def template_before(tmp: Path) -> str:
    folder = tmp / "share" / "jupyter" / "voila" / "templates" / "repairlab-before"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}))
    (folder / "index.html.j2").write_text(TEMPLATE_BEFORE)
    return "repairlab-before"


def variant_site(root: Path, tmp: Path, name: str, rewrite: Callable[[dict], None]) -> Path:
    """A copy of the site (made once) with every page's notebook passed through ``rewrite``: the
    state before a change, served beside the site as it is."""
    other = tmp / f"site-{name}"
    if not other.exists():
        shutil.copytree(root, other)
        for page in other.glob("*.ipynb"):
            nb = json.loads(page.read_text())
            rewrite(nb)
            page.write_text(json.dumps(nb))
    return other


def wait_first(nb: dict) -> None:
    """As it was before: the heated kernel waits in the first cell, and builds the page after."""
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not code or "ui.begin(" not in "".join(code[0]["source"]):
        return
    code[0]["source"] = "from repairlab import ui; from repairlab.app.preheat import serve; serve()\n" + \
        "".join(code[0]["source"])
    nb["cells"] = [c for c in nb["cells"] if "".join(c["source"]).strip() != "ui.finish()"]


# The parts that are the same for every learner and only show a line of their record (a reflection's
# earlier saves, the scenario menu's play counts, their own statements; the self-assessment form
# reads nothing of theirs). Section 6g builds them as they were built before: after the request.
SAME_FOR_EVERY_LEARNER = ("ui.reflection(", "ui.scenarios(", "ui.own_statements(", "ui.assessment(")


def built_on_arrival(nb: dict) -> None:
    """Those parts made in the heated kernel only once the learner has arrived."""
    for cell in nb["cells"]:
        source = "".join(cell["source"]).strip()
        if cell["cell_type"] == "code" and source.startswith(SAME_FOR_EVERY_LEARNER) and "\n" not in source:
            cell["source"] = f"from repairlab.app.preheat import live; live(lambda: {source})"


def before_after(summary: dict, a: Spec, b: Spec, mods: list[str]) -> str:
    """Module pages' median time to interactive and worst ratio, from ``a`` to ``b``."""
    return (f"module pages interactive {median([summary[a.label]['interactive'][p] for p in mods]):.2f} -> "
            f"{median([summary[b.label]['interactive'][p] for p in mods]):.2f} s, worst ratio "
            f"{max(summary[a.label]['ratios'][p] for p in mods):.2f} -> "
            f"{max(summary[b.label]['ratios'][p] for p in mods):.2f}")


def kernel_work(page: str, eager: list[str]) -> tuple[float, float]:
    """CPU seconds and peak RSS (MB) of a process that runs a page's code cells, as a cold kernel does,
    after importing ``eager`` first (the modules a change stopped importing at start-up)."""
    code = f"""
import json, os, sys, time, io, contextlib, resource
import IPython, ipykernel.ipkernel
from IPython.core.interactiveshell import InteractiveShell
shell = InteractiveShell.instance()
t = time.process_time()
for name in {eager!r}:
    __import__(name)
for cell in json.load(open({str(REPO / 'modules' / page)!r}))["cells"]:
    if cell["cell_type"] == "code":
        with contextlib.redirect_stdout(io.StringIO()):
            shell.run_cell("".join(cell["source"]), store_history=False)
print(time.process_time() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""
    with tempfile.TemporaryDirectory() as store:
        env = dict(os.environ, REPAIRLAB_STORE=str(Path(store) / "p.sqlite3"), MPLBACKEND="Agg")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    cpu, rss = out.stdout.split()[-2:]
    return float(cpu), float(rss)


def changes_section(root: Path, tmp: Path, runs: int, pages_summary: dict | None, pages: list[str],
                    which: str = "abcdefgh") -> None:
    print("\n6. What each change bought (median of loads; each pair served side by side, loads interleaved)",
          flush=True)
    lines = []
    now_pools = pools_of_voila_json()
    before_template = template_before(tmp)

    # a. The template: the page's scripts fetched while the kernel works; prose shown as it arrives.
    some = [BARE, "02_recognising_ruptures.ipynb", "04_resolving_ruptures.ipynb", LANDING]
    for heat in (False, True) if "a" in which else ():
        kind = "preheated" if heat else "cold"
        a, b = (Spec(f"{kind}, template before", heat, now_pools if heat else None, template=before_template),
                Spec(f"{kind}, template now", heat, now_pools if heat else None))
        res = asyncio.run(compare(root, tmp, [a, b], some, runs, note=f"template, {kind}: "))
        summary = page_table(res, [a.label, b.label], some)
        for spec in (a, b):
            print("   " + ratio_summary(summary, spec.label, some))
        mods = [p for p in some if p != BARE]
        lines.append(
            f"template ({kind}): module pages interactive "
            f"{median([summary[a.label]['interactive'][p] for p in mods]):.2f} -> "
            f"{median([summary[b.label]['interactive'][p] for p in mods]):.2f} s, first content "
            f"{median([summary[a.label]['content'][p] for p in mods]):.2f} -> "
            f"{median([summary[b.label]['content'][p] for p in mods]):.2f} s; bare page "
            f"{summary[a.label]['interactive'][BARE]:.2f} -> {summary[b.label]['interactive'][BARE]:.2f} s; "
            f"worst ratio {max(summary[a.label]['ratios'][p] for p in mods):.2f} -> "
            f"{max(summary[b.label]['ratios'][p] for p in mods):.2f}")

    # b. Every module preheated (before: only the landing page and the practice lab).
    if pages_summary and "b" in which:
        old = {"index.ipynb", "06_practice_lab.ipynb"}
        newly = [p for p in pages if p not in old | {BARE}]
        lines.append(
            "every page preheated (voila.json pools; before, only the landing page and the practice lab): "
            f"the {len(newly)} pages newly preheated interactive "
            f"{median([pages_summary['cold']['interactive'][p] for p in newly]):.2f} -> "
            f"{median([pages_summary['preheated']['interactive'][p] for p in newly]):.2f} s (median), "
            f"worst ratio {max(pages_summary['cold']['ratios'][p] for p in newly):.2f} -> "
            f"{max(pages_summary['preheated']['ratios'][p] for p in newly):.2f}; cost: one idle kernel each "
            "(section 2)")

    # c. Warm-up in the heated kernels (kernel_env_variables in voila.json).
    warmed = [p for p, spec in now_pools.items() if spec.get("kernel_env_variables")]
    if warmed and "c" in which:
        a = Spec("preheated, no warm-up", True, without_warmup(now_pools))
        b = Spec("preheated, warm-up", True, now_pools)
        res = asyncio.run(compare(root, tmp, [a, b], [BARE] + warmed, runs, note="warm-up: "))
        summary = page_table(res, [a.label, b.label], [BARE] + warmed)
        for p in warmed:
            lines.append(f"warm-up before the wait ({p.replace('.ipynb', '')}): interactive "
                         f"{summary[a.label]['interactive'][p]:.2f} -> {summary[b.label]['interactive'][p]:.2f} s, "
                         f"ratio {summary[a.label]['ratios'][p]:.2f} -> {summary[b.label]['ratios'][p]:.2f}")

    # d. The page built in the heated kernel, waiting for the learner in its last cell (ui.finish()),
    #    against waiting in its first cell (before: everything after ui.begin ran after the request).
    some = [BARE, "02_recognising_ruptures.ipynb", "04_resolving_ruptures.ipynb", "06_practice_lab.ipynb"]
    mods = [p for p in some if p != BARE]
    if "d" in which:
        a = Spec("preheated, wait first", True, now_pools, site=variant_site(root, tmp, "wait-first", wait_first))
        b = Spec("preheated, wait last", True, now_pools)
        res = asyncio.run(compare(root, tmp, [a, b], some, runs, note="wait: "))
        summary = page_table(res, [a.label, b.label], some)
        lines.append("the page built before the learner arrives (the heated kernel waits in ui.finish(), the last "
                     "cell, not in ui.begin(), the first): " + before_after(summary, a, b, mods))

    # e. The checked bank and scenarios kept between loads (bank/cache.py): cold pages, where loading
    #    them is on the way.
    scenario_pages = some + ["04b_rupture_scenarios.ipynb"]
    if "e" in which:
        a = Spec("cold, no cache", False, env={"REPAIRLAB_CACHE_DIR": "off"})
        b = Spec("cold, cache", False, env={"REPAIRLAB_CACHE_DIR": str(tmp / "cache")})
        res = asyncio.run(compare(root, tmp, [a, b], scenario_pages, runs, note="bank cache: "))
        summary = page_table(res, [a.label, b.label], scenario_pages)
        lines.append("the checked bank and scenarios kept between page loads (cold pages): "
                     + before_after(summary, a, b, [p for p in scenario_pages if p != BARE]))

    # g. Parts the same for every learner built while heated, reading the learner's record on arrival,
    #    against building them after the request (as before).
    some = [BARE, "00_start_here.ipynb", "04b_rupture_scenarios.ipynb", "05_reactive_therapist.ipynb",
            "07_self_assessment.ipynb"]
    mods = [p for p in some if p != BARE]
    if "g" in which:
        site_before = variant_site(root, tmp, "built-on-arrival", built_on_arrival)
        a = Spec("preheated, built on arrival", True, now_pools, site=site_before)
        b = Spec("preheated, built while heated", True, now_pools)
        res = asyncio.run(compare(root, tmp, [a, b], some, runs, note="built while heated: "))
        summary = page_table(res, [a.label, b.label], some)
        html = {label: median([median([x.html for x in res[label][p]]) for p in mods]) for label in (a.label, b.label)}
        lines.append(
            "reflections, scenario menus, own statements and the self-assessment built while heated (the record "
            f"read on arrival), not after the request: {before_after(summary, a, b, mods)}; the page's last byte "
            f"{html[a.label] * 1000:.0f} -> {html[b.label] * 1000:.0f} ms after the request (median)")

    # h. Exercises after a page's first made when the learner nears them (app/later.py), against
    #    every exercise made before the page can be used (REPAIRLAB_WHOLE_PAGES=1, as before).
    some = [BARE, "00_start_here.ipynb", "02_recognising_ruptures.ipynb", "04_resolving_ruptures.ipynb",
            "05_reactive_therapist.ipynb", "06_practice_lab.ipynb"]
    mods = [p for p in some if p != BARE]
    for heat in (True, False) if "h" in which else ():
        kind = "preheated" if heat else "cold"
        pools = now_pools if heat else None
        a = Spec(f"{kind}, whole pages", heat, pools, env={"REPAIRLAB_WHOLE_PAGES": "1"})
        b = Spec(f"{kind}, made when reached", heat, pools)
        res = asyncio.run(compare(root, tmp, [a, b], some, runs, note=f"made when reached, {kind}: "))
        summary = page_table(res, [a.label, b.label], some)
        lines.append(f"exercises after a page's first made as the learner nears them ({kind}): "
                     + before_after(summary, a, b, mods))

    # f. Imports deferred to the function that needs them: the kernel's work for a page, cold.
    for page, eager, what in () if "f" not in which else (
        ("07_self_assessment.ipynb", ["matplotlib.pyplot", "pandas"],
         "matplotlib only once a report has two forms to plot, and no pandas for the report"),
        ("05_reactive_therapist.ipynb", ["repairlab.exercises.partner"],
         "the response timer apart from the skill rounds and the feedback engine"),
        ("06_practice_lab.ipynb", ["matplotlib.pyplot"], "matplotlib only once there is progress to plot"),
        ("02_recognising_ruptures.ipynb", ["repairlab.feedback"], "the feedback engine only on pages that draft"),
        ("index.ipynb", ["repairlab.exercises", "repairlab.feedback"], "no exercise modules for the landing page"),
    ):
        before = [kernel_work(page, eager) for _ in range(runs)]
        after = [kernel_work(page, []) for _ in range(runs)]
        lines.append(f"deferred imports, {what} ({page.replace('.ipynb', '')}, cold kernel's work): "
                     f"{median([c for c, _ in before]):.2f} -> {median([c for c, _ in after]):.2f} CPU s, "
                     f"{median([r for _, r in before]):.0f} -> {median([r for _, r in after]):.0f} MB")

    print("\n   Changes, one line each:")
    for line in lines:
        print(f"   - {line}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one load per page, fewer pages and pool sizes")
    parser.add_argument("--runs", type=int, default=3, help="loads per page and server (median reported)")
    parser.add_argument("--only", type=int, nargs="*", default=[1, 2, 3, 4, 5, 6], help="run only these sections")
    parser.add_argument("--pages", nargs="*", help="only these pages in section 1 (the bare page is always added)")
    parser.add_argument("--changes", default="abcdefgh", help="only these parts of section 6 (letters a to h)")
    parser.add_argument("--pools", type=int, nargs="*", default=[1, 10, 20],
                        help="landing-page pool sizes for the burst (section 5)")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    tmp = Path(tempfile.mkdtemp(prefix="repairlab-bench-"))
    root = site(tmp)
    # Pages with an exercise or links to time (a page with no widget at all has no "interactive" moment).
    pages = sorted(p.name for p in root.glob("*.ipynb") if has_widgets(p))
    if args.pages:
        pages = sorted(set(args.pages) | {BARE})
    load = os.getloadavg()
    print(f"Machine: {os.cpu_count()} CPU(s); Chromium {CHROMIUM}; load average at start "
          f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n", flush=True)
    summary = None
    if 1 in args.only:
        summary = pages_section(root, tmp, pages, runs)
    if 2 in args.only:
        memory_section(root, tmp, pages)
    if 3 in args.only:
        feedback_section()
    if 4 in args.only:
        students = 3 if args.quick else 6
        course_s, floor_s = autograde_seconds(tmp, students)
        print(f"\n4. nbgrader autograde, {students} submissions: a1_recognising_ruptures {course_s:.2f} s per "
              f"submission; trivial one-cell floor {floor_s:.2f} s per submission")
    if 5 in args.only:
        burst_section(root, tmp, pages, [max(args.pools)] if args.quick else args.pools, browser=not args.quick)
    if 6 in args.only:
        changes_section(root, tmp, runs, summary, pages, args.changes)
    load = os.getloadavg()
    print(f"\nLoad average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
