"""Every command in the README runs as written, in a fresh copy, from a new user's shell.

The README's ```bash blocks are extracted and run, block by block, in a copy of the repository
(the files a clone would have) with a new user's environment: a login shell with an empty home,
PATH as the system sets it, no activated environment. Each block is one bash script run with
``set -euo pipefail`` from the copy's root, so a failing command fails the test with its output.

The few lines that cannot run as written in a test are rewritten or skipped, each for a stated
reason (``SPECIAL`` below): servers are started in the background, probed and stopped; the test
suite is not run from inside itself; the exchange is a temporary folder rather than /srv; commands
that need a Docker engine, a Kubernetes cluster or root with real users are covered elsewhere
(tests/test_jupyterhub.py) or cannot run on this machine. Files that a reader brings along (their
own vignette file, a batch of drafts) are written by the test first. A line that is not matched
runs as written, so a new README command is tested the moment it is added.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def readme_blocks(text: str) -> list[tuple[str, str]]:
    """(heading, body) of every ```bash block, in order."""
    blocks, heading = [], "(top)"
    lines = iter(text.splitlines())
    for line in lines:
        if line.startswith("#") and not line.startswith("#!"):
            heading = line.lstrip("#").strip()
        elif line.strip() in ("```bash", "```sh", "```shell", "```console"):
            body = []
            for inner in lines:
                if inner.strip() == "```":
                    break
                body.append(inner)
            blocks.append((heading, "\n".join(body)))
    return blocks


# Shell helpers the rewritten lines call. `serve` starts a server in its own process group, waits
# for it to answer on the URL it prints (or a given one), optionally checks a path, then stops it.
PRELUDE = r'''
set -euo pipefail
serve() {  # serve LOG CHECK_PATH COMMAND...
    local log="$1" check="$2"; shift 2
    setsid "$@" >"$log" 2>&1 &
    local pid=$!
    local url=""
    for _ in $(seq 1 600); do
        url="$(grep -oE 'http://(127\.0\.0\.1|localhost):[0-9]+/[^ ]*' "$log" | grep -v 'voila/render' | head -1 || true)"
        [[ -z "$url" ]] && url="$(grep -oE 'http://(127\.0\.0\.1|localhost):[0-9]+/' "$log" | head -1 || true)"
        if [[ -n "$url" ]] && python3 "$PROBE" "$url" "$check"; then
            kill -TERM -- "-$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
            echo "serve: $* answered at $url (checked ${check:-/})"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "serve: $* exited before answering" >&2; cat "$log" >&2; return 1
        fi
        sleep 1
    done
    kill -TERM -- "-$pid" 2>/dev/null || true
    echo "serve: $* did not answer within 10 minutes" >&2; cat "$log" >&2; return 1
}
skip() { echo "skipped: $*"; }
'''

PROBE = r'''
import re, sys, urllib.request, urllib.parse, urllib.error
url, check = sys.argv[1], sys.argv[2]
parts = urllib.parse.urlsplit(url)
token = dict(urllib.parse.parse_qsl(parts.query)).get("token")
target = f"{parts.scheme}://{parts.netloc}{check or '/'}"
headers = {"Authorization": f"token {token}"} if token else {}
try:
    with urllib.request.urlopen(urllib.request.Request(target, headers=headers), timeout=5) as response:
        sys.exit(0 if response.status == 200 else 1)
except (urllib.error.URLError, OSError):
    sys.exit(1)
'''


# One answer in a new learner's store, written the way the app writes it (the default learner, 'me').
SEED = ("from repairlab.store import ProgressStore; s = ProgressStore(); s.ensure_learner('me'); "
        "s.record_answer('me', 'wd-min-01', chosen_family='withdrawal_rupture', chosen_subtype='minimal_response', "
        "family_correct=True, subtype_correct=True, context='readme-test')")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def special(line: str, ctx: dict) -> str | None:
    """The rewritten line for the few that cannot run as written, or None to run it as written."""
    cmd = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
    comment = line.lstrip()
    if comment.startswith("#") and "students:" in comment and "fetch_assignment" in comment:
        # The comment names what students do between release and collect: do it, as one student.
        m = re.search(r"submit (\S+)", comment)
        assignment = m.group(1)
        student = ctx["tmp"] / "student-home"
        return (f'{line}\n( mkdir -p "{student}" && cd "{student}" && '
                f'"$ROOT/.venv/bin/nbgrader" fetch_assignment {assignment} --course repairlab '
                f'--Exchange.root="$REPAIRLAB_EXCHANGE" && '
                f'"$ROOT/.venv/bin/nbgrader" submit {assignment} --course repairlab '
                f'--Exchange.root="$REPAIRLAB_EXCHANGE" )')
    if not cmd:
        return None
    if cmd.startswith("./scripts/test"):
        return "skip " + shlex.quote(f"'{cmd}': runs the test suite, which this test is part of (CI runs it: .ci/run)")
    if cmd.startswith("./scripts/start"):
        # The default port may be taken on a shared machine: then --port (the script's own option).
        extra = "" if port_free(8866) else f" --port={free_port()}"
        return f'serve "$TMPDIR_T/start.log" /voila/render/index.ipynb {cmd}{extra}'
    if re.search(r"/jupyter lab\b", cmd):
        # Jupyter refuses to run as root without --allow-root (CI runs as root; a person is not).
        root = " --allow-root" if os.geteuid() == 0 else ""
        return f'serve "$TMPDIR_T/lab.log" /formgrader {cmd} --no-browser{root}'
    if cmd.startswith(".venv/bin/repairlab progress export"):
        # A learner exports after practising: give this new user one answer first, as the app would.
        return (f'.venv/bin/python -c "{SEED}"\n{line}')
    if cmd.startswith("export REPAIRLAB_EXCHANGE="):
        # Not /srv: a test leaves the machine as it found it (and a second run would find the release).
        return f'export REPAIRLAB_EXCHANGE="{ctx["tmp"] / "exchange"}"'
    if "deploy/jupyterhub/setup.sh" in cmd:
        return "skip " + shlex.quote(f"'{cmd}': installs system-wide and creates a Linux account; "
                                     "tests/test_jupyterhub.py runs it (into a test prefix) and the hub it sets up")
    if "jupyterhub" in cmd and ("-f " in cmd or "--config" in cmd):
        return "skip " + shlex.quote(f"'{cmd}': tests/test_jupyterhub.py starts this hub with real users and PostgreSQL")
    if "deploy/jupyterhub/capacity.py" in cmd:
        return "skip " + shlex.quote(f"'{cmd}': a measurement of many learners' servers taking many minutes "
                                     "(README: Capacity); its parts run in tests/test_jupyterhub.py")
    if cmd.startswith("sudo ") and os.geteuid() == 0:
        return cmd[len("sudo "):].replace("sudo ", "")  # root has no need (and may have no sudo)
    if "benchmarks/" in cmd:
        return "skip " + shlex.quote(f"'{cmd}': a measurement taking minutes that asserts nothing (README: Performance)")
    if cmd.startswith(("docker ", "helm ", "kubectl ")):
        return "skip " + shlex.quote(f"'{cmd}': needs a Docker engine or a Kubernetes cluster, which this machine has not")
    return None


def users_files(copy: Path) -> None:
    """Files a reader brings to the commands that take them."""
    valid = (FIXTURES / "vignettes" / "valid.yaml").read_text()
    (copy / "my_vignettes").mkdir(exist_ok=True)
    (copy / "my_vignettes" / "clinic.yaml").write_text(valid.replace("fx-valid-01", "clinic-01"))
    (copy / "instructor" / "my_vignettes.yaml").write_text(valid.replace("fx-valid-01", "my-clinic-01"))
    (copy / "drafts.jsonl").write_text(
        '{"client": "I don\'t see the point of these exercises.", '
        '"response": "It sounds like this is not feeling useful to you right now. Can you tell me more?"}\n'
        '{"client": "Fine. Whatever you think.", "response": "You should do the homework."}\n')


def fresh_copy(dest: Path) -> Path:
    """What a clone of the current work would hold: tracked and new files, nothing ignored."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=REPO, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def new_users_env(home: Path) -> dict:
    env = {"HOME": str(home), "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
           "USER": os.environ.get("USER", "root"), "LOGNAME": os.environ.get("LOGNAME", "root")}
    # Only a download cache: the same packages, fetched once rather than for every run.
    cache = Path(os.environ.get("PIP_CACHE_DIR", Path.home() / ".cache" / "pip"))
    if cache.is_dir():
        env["PIP_CACHE_DIR"] = str(cache)
    return env


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git work tree to make a fresh copy")
    root = tmp_path_factory.mktemp("readme")
    copy = fresh_copy(root / "repairlab")
    users_files(copy)
    home = root / "home"
    home.mkdir()
    return {"root": root, "copy": copy, "home": home, "env": new_users_env(home)}


BLOCKS = readme_blocks((REPO / "README.md").read_text())


def test_the_readme_has_the_blocks_this_test_is_about():
    text = "\n".join(body for _, body in BLOCKS)
    for needle in ("./scripts/start", "progress export", "progress import", "nbgrader generate_assignment",
                   "repairlab course build", "repairlab feedback", "nbgrader export"):
        assert needle in text, f"the README no longer has a command with {needle!r}"


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=[f"{i}:{h[:40]}" for i, (h, _) in enumerate(BLOCKS)])
def test_readme_block_runs_as_written(copy, index):
    heading, body = BLOCKS[index]
    # Blocks run in order (module scope); the set-up block (first) creates .venv for the others.
    if index > 0 and not (copy["copy"] / ".venv" / "bin" / "python").exists():
        pytest.skip("the set-up block did not create .venv")
    ctx = {"tmp": copy["root"]}
    lines = [special(line, ctx) or line for line in body.splitlines()]
    probe = copy["root"] / "probe.py"
    probe.write_text(PROBE)
    script = "\n".join([PRELUDE, f'ROOT="{copy["copy"]}"', f'PROBE="{probe}"',
                        f'TMPDIR_T="{copy["root"]}"', 'cd "$ROOT"', *lines, ""])
    (copy["root"] / f"block{index}.sh").write_text(script)
    done = subprocess.run(["bash", "-l", str(copy["root"] / f"block{index}.sh")], cwd=copy["copy"],
                          env=copy["env"], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, (f"README block under '{heading}' failed (exit {done.returncode}):\n{body}\n"
                                  f"--- stdout\n{done.stdout[-6000:]}\n--- stderr\n{done.stderr[-6000:]}")


def test_readme_commands_left_what_they_promise(copy):
    """After the blocks: the course round produced grades and a report, progress round-tripped."""
    c = copy["copy"]
    if not (c / ".venv" / "bin" / "python").exists():
        pytest.skip("the set-up block did not create .venv")
    assert (c / "my-progress.json").is_file()
    assert (c / "instructor" / "grades.csv").is_file()
    assert (c / "instructor" / "cohort_report.html").is_file()
    assert (c / "instructor" / "release" / "a1_recognising_ruptures").is_dir()
    for name in ("canvas_grades.csv", "moodle_grades.csv"):
        assert (c / "instructor" / name).read_text().count("\n") >= 2  # a header and a student
