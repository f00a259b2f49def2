"""An installed wheel works without the repository: it carries the data and the notebooks.

The wheel is built from this checkout and installed into a fresh environment (its
dependencies come from the project's environment through a path file, so nothing is
downloaded); the landing page, rendered from outside the repository, lists every module.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run(*args, cwd=None, env=None) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


def test_the_installed_wheel_lists_every_module_on_its_landing_page(repo, tmp_path):
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, repo)
    wheel = next(dist.glob("repairlab-*.whl"))

    env_dir = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", "--without-pip", env_dir)
    python = env_dir / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    # The dependencies, without this checkout's editable repairlab: a path line adds the directory
    # but does not run the .pth files in it (which is where the editable install lives).
    (site / "zz_project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel)
    template = env_dir / "share" / "jupyter" / "voila" / "templates" / "repairlab"
    assert (template / "index.html.j2").is_file() and (template / "static" / "later.js").is_file(), \
        "the page template, with its script, must travel with the wheel"

    expected = sorted(p.stem for p in (repo / "modules").glob("*.ipynb")
                      if json.loads(p.read_text()).get("metadata", {}).get("repairlab"))
    script = ("import json, repairlab, repairlab.paths as p\n"
              "from repairlab.app.catalog import modules\n"
              "from repairlab.app.landing import landing_html\n"
              "print(json.dumps({'package': repairlab.__file__, 'modules': [m.stem for m in modules()],"
              " 'data': str(p.data_dir()), 'html': landing_html()}))\n")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "REPAIRLAB_STORE": str(tmp_path / "store.sqlite3")}
    result = json.loads(run(python, "-c", script, cwd=tmp_path, env=env).stdout)
    assert str(repo) not in result["package"] and str(repo) not in result["data"]
    assert sorted(result["modules"]) == expected and len(expected) >= 9
    for stem in expected:
        assert f"href='{stem}.ipynb'" in result["html"]
