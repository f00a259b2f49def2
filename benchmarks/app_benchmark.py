"""How quickly does the curriculum come alive in a browser, and how much does it cost?

Prints figures; asserts nothing. Run:  .venv/bin/python benchmarks/app_benchmark.py [--quick]

1. Time to interactive for every module page, cold (a kernel started per request) and with
   preheated kernels, against a minimal ipywidgets notebook as the baseline: from navigation
   to the first widget view visible, in headless Debian Chromium.
2. Memory per kernel (resident set size) for the module pages and for the baseline.
3. Feedback latency per drafted response (median and 95th percentile).
4. Seconds per submission for ``nbgrader autograde`` on a course assignment, against a
   trivial one-cell assignment (nbgrader's own floor).
5. Simultaneous learners: N browser pages opening the landing page at once, cold, for growing
   N; the largest N whose slowest page is interactive within 5 s on this machine. Then the
   server's share alone: N simultaneous requests timed to the last byte of the rendered page.

The browser runs on the same machine, so its own work is counted in every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
BASELINE = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "b", "metadata": {}, "outputs": [],
               "source": "import ipywidgets as w\nw.Button(description='Baseline')"}],
    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site(tmp: Path) -> Path:
    """The modules plus the baseline notebook, served from one folder."""
    root = tmp / "site"
    shutil.copytree(REPO / "modules", root)
    (root / "zz_baseline.ipynb").write_text(json.dumps(BASELINE))
    return root


class Voila:
    def __init__(self, root: Path, tmp: Path, preheat: bool):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        pools = {"default": {"pool_size": 1 if preheat else 0}}
        args = [str(BIN / "voila"), str(root), "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
                f"--VoilaConfiguration.preheat_kernel={preheat}",
                f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}"]
        env = dict(os.environ, REPAIRLAB_STORE=str(tmp / f"store-{preheat}.sqlite3"))
        self.log = open(tmp / f"voila-{preheat}.log", "w")
        self.proc = subprocess.Popen(args, cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        import urllib.request

        for _ in range(240):
            try:
                urllib.request.urlopen(self.url + "/", timeout=1)
                break
            except OSError:
                time.sleep(0.25)

    def kernels_rss_mb(self) -> list[float]:
        out = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                stat = (proc / "stat").read_text().split()
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                status = (proc / "status").read_text()
            except OSError:
                continue
            if int(stat[3]) == self.proc.pid and "ipykernel" in cmd:
                rss = next(line for line in status.splitlines() if line.startswith("VmRSS"))
                out.append(int(rss.split()[1]) / 1024)
        return out

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


async def time_to_interactive(browser, url: str):
    """Open ``url`` in a new page; returns the page and the seconds until a widget view shows."""
    page = await browser.new_page(viewport={"width": 1200, "height": 900})
    start = time.perf_counter()
    try:
        await page.goto(url, timeout=120_000)
        await page.locator(".jupyter-widgets:visible").first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - start
    except Exception as exc:  # a page that never becomes interactive is reported, not fatal
        print(f"   ! {url} did not become interactive: {type(exc).__name__}")
        elapsed = float("nan")
    return page, elapsed


async def page_times(server: Voila, pages: list[str], keep_open: bool = False, pause: float = 0.0):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        times, opened = {}, []
        for name in pages:
            page, times[name] = await time_to_interactive(browser, f"{server.url}/voila/render/{name}")
            opened.append(page)
            if not keep_open:
                await page.close()
            await asyncio.sleep(pause)  # let a used pool refill before the next page is timed
        rss = server.kernels_rss_mb() if keep_open else []
        await browser.close()
        return times, rss


async def concurrent(server: Voila, n: int) -> list[float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        opened = await asyncio.gather(*[time_to_interactive(browser, f"{server.url}/voila/render/index.ipynb")
                                        for _ in range(n)])
        times = [elapsed for _, elapsed in opened]
        await browser.close()
        return times


def server_render_times(server: Voila, n: int) -> list[float]:
    """N simultaneous requests for the landing page, timed to the last byte: the server's share alone."""
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def one(_):
        start = time.perf_counter()
        with urllib.request.urlopen(f"{server.url}/voila/render/index.ipynb", timeout=300) as response:
            response.read()
        return time.perf_counter() - start

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(one, range(n)))


def feedback_latency() -> tuple[float, float]:
    """The same measurement as feedback_benchmark.py, so the two scripts cannot disagree."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from feedback_benchmark import latency_figures, p95

    times = latency_figures()
    return statistics.median(times), p95(times)


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer students and smaller load steps")
    parser.add_argument("--only", type=int, nargs="*", default=[1, 2, 3, 4, 5], help="run only these sections")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="repairlab-bench-"))
    root = site(tmp)
    pages = sorted(p.name for p in root.glob("*.ipynb"))
    print(f"Machine: {os.cpu_count()} CPU(s); Chromium {CHROMIUM}\n")

    if {1, 2} & set(args.only):
        pages_and_memory(root, tmp, pages)
    if 3 in args.only:
        median, p95 = feedback_latency()
        print(f"\n3. Feedback latency per response: median {median:.2f} ms, 95th percentile {p95:.2f} ms")
    if 4 in args.only:
        students = 3 if args.quick else 6
        course_s, floor_s = autograde_seconds(tmp, students)
        print(f"\n4. nbgrader autograde, {students} submissions: a1_recognising_ruptures {course_s:.2f} s per "
              f"submission; trivial one-cell floor {floor_s:.2f} s per submission")
    if 5 in args.only:
        learners(root, tmp, args.quick)
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def pages_and_memory(root: Path, tmp: Path, pages: list[str]) -> None:
    cold = Voila(root, tmp, preheat=False)
    try:
        cold_times, rss = asyncio.run(page_times(cold, pages, keep_open=True))
    finally:
        cold.stop()
    hot = Voila(root, tmp, preheat=True)
    try:
        time.sleep(20 + 3 * len(pages))  # let every pool fill and run its notebook up to the wait
        hot_times, _ = asyncio.run(page_times(hot, pages, pause=12))
    finally:
        hot.stop()
    print("1. Time to interactive (s): page, cold, preheated")
    for name in pages:
        print(f"   {name:<36} {cold_times[name]:6.2f} {hot_times[name]:6.2f}")
    module_cold = [cold_times[p] for p in pages if p != "zz_baseline.ipynb"]
    module_hot = [hot_times[p] for p in pages if p != "zz_baseline.ipynb"]
    print(f"   modules: median cold {statistics.median(module_cold):.2f} s, preheated "
          f"{statistics.median(module_hot):.2f} s; baseline cold {cold_times['zz_baseline.ipynb']:.2f} s, "
          f"preheated {hot_times['zz_baseline.ipynb']:.2f} s")

    rss = sorted(rss)
    print(f"\n2. Memory per kernel (RSS, MB), {len(rss)} kernels with every page open: "
          f"min {rss[0]:.0f} (the baseline's), median {statistics.median(rss):.0f}, max {rss[-1]:.0f}")


def learners(root: Path, tmp: Path, quick: bool) -> None:
    steps = [1, 2, 3, 4, 6] if quick else [1, 2, 3, 4, 5, 6, 8, 10, 12, 16]
    for label, measure in (("in the browser (time to interactive)", lambda s, n: asyncio.run(concurrent(s, n))),
                           ("server only (time to last byte)", server_render_times)):
        server = Voila(root, tmp, preheat=False)
        best = 0
        try:
            print(f"\n5. Simultaneous learners opening the landing page (cold), {label}: N, median, slowest (s)")
            for n in steps:
                times = measure(server, n)
                print(f"   {n:>3} {statistics.median(times):6.2f} {max(times):6.2f}")
                if max(times) > 5:
                    break
                best = n
                time.sleep(3)
        finally:
            server.stop()
        print(f"   largest N with every page within 5 s: {best}")


if __name__ == "__main__":
    raise SystemExit(main())
