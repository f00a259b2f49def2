"""Every module rendered by a real Voilà server: no code shown, no error output, nothing leaked.

This checks the server side (what Voilà executes and sends). The browser side (widgets drawn,
clicks, console errors) is covered by the Playwright tests.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (REPO / "modules").glob("*.ipynb"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


STORE: dict[str, Path] = {}


def _serve(tmp_path_factory, store: Path):
    port = _free_port()
    env = dict(os.environ, REPAIRLAB_STORE=str(store))
    voila_bin = Path(sys.executable).with_name("voila")
    log = open(tmp_path_factory.mktemp("log") / "voila.log", "w")
    proc = subprocess.Popen([str(voila_bin), "modules", "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1"],
                            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.25)
    else:
        proc.terminate()
        pytest.fail("Voilà did not start")
    return base, proc, log


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    STORE["path"] = tmp_path_factory.mktemp("store") / "progress.sqlite3"
    base, proc, log = _serve(tmp_path_factory, STORE["path"])
    yield base
    proc.terminate()
    proc.wait(10)
    log.close()


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_module_renders_without_code_or_errors(voila, name):
    status, html = get(f"{voila}/voila/render/{name}")
    assert status == 200
    assert "from repairlab import ui" not in html and "ui.begin(" not in html, "code cells must be hidden"
    for marker in ("Traceback", "BankError", "StoreError", "jp-OutputArea-output jp-RenderedText\" data-mime-type=\"application/vnd.jupyter.stderr"):
        assert marker not in html, f"{marker} in {name}"
    if name != "index.ipynb":
        assert "application/vnd.jupyter.widget-view+json" in html, "every module has exercises"


@pytest.mark.slow
@pytest.mark.parametrize("path", [
    "/voila/files/../data/vignettes/AUTHORING.md",
    "/voila/files/../data/taxonomy.yaml",
    "/voila/render/../instructor/nbgrader_config.py",
    "/voila/files/../instructor/keys/pre_assessment.json",
    "/voila/files/..%2Finstructor%2Fkeys%2Fpre_assessment.json",
    "/voila/files/%2E%2E/instructor/keys/a1_recognising_ruptures.json",
    "/voila/render/../instructor/source/a1_recognising_ruptures/a1_recognising_ruptures.ipynb",
    "/voila/tree/../instructor/keys",
    "/voila/files/../pyproject.toml",
    "/files/../data/bibliography.yaml",
])
def test_files_outside_modules_cannot_be_fetched(voila, path):
    status, body = get(voila + path)
    assert status in (403, 404), (path, status)


@pytest.mark.slow
def test_the_progress_database_cannot_be_fetched(voila):
    status, _ = get(voila + "/voila/render/06_practice_lab.ipynb")
    assert status == 200 and STORE["path"].exists(), "rendering a module opens the learner's store"
    for path in (f"/voila/files{STORE['path']}", f"/files{STORE['path']}", f"/voila/files/..{STORE['path']}"):
        status, _ = get(voila + path)
        assert status in (403, 404), (path, status)

