"""The class deployment, for real: JupyterHub with one instructor and three students.

deploy/jupyterhub/setup.sh installs the hub (configurable-http-proxy from the npm registry) into
a folder kept between runs; real Linux users are created for the instructor, the students and the
grader account (nbgrader names a submission by the operating-system user); nbgrader's gradebook is
a real PostgreSQL from Debian's packages started in a temporary folder. Every request goes through
the hub's proxy, as a person's browser's would:

- each student logs in and lands on the curriculum's landing page in Voilà, opens a module in a
  real browser and answers, and finds the answer on the landing page and in a progress store in
  their own home that no one else can read;
- the instructor generates and releases an assignment through the formgrader service; students
  fetch it, answer it in their own kernels and submit; the instructor collects and autogrades
  through the hub; every submission is attributed to the student who made it; the grades are in
  PostgreSQL and go out as Canvas and Moodle CSVs;
- a student gets 403 from the formgrader and from another student's server.

Runs as root only (it creates users), and skips with the reason otherwise; without npm or
PostgreSQL it installs them from Debian's packages, or skips and says why.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy" / "jupyterhub"))

import harness  # noqa: E402
import repairlab_hub  # noqa: E402

pytestmark = pytest.mark.slow

A0 = "a0_orientation"
INSTRUCTOR, GRADER = "rl-teacher", "rl-grader"
STUDENTS = ["rl-ana", "rl-ben", "rl-cleo"]
# How many of the two orientation statements each student classifies correctly.
RIGHT = {"rl-ana": 2, "rl-ben": 1, "rl-cleo": 0}
WORK = Path(os.environ.get("REPAIRLAB_HUB_TEST_DIR", "/var/tmp/repairlab-hub"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_hub_user_names_match_the_lms_exporter():
    from repairlab.course.lms_export import hub_username

    for identity in ("Ana.Diaz@Uni.edu", "bob", "12345", "José Pérez", "x" * 40, "sub-0ae8-UUID"):
        assert repairlab_hub.hub_username(identity) == hub_username(identity)


def test_lms_roles_decide_who_grades():
    hook = repairlab_hub.make_lti_post_auth_hook("repairlab")
    teacher = {"name": "T.Teach@uni.edu", "auth_state": {repairlab_hub.LTI_ROLES: [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"]}}
    learner = {"name": "L.Learn@uni.edu", "auth_state": {repairlab_hub.LTI_ROLES: [
        "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"]}}
    assert hook(None, None, teacher) == {**teacher, "name": "t.teach", "groups": ["formgrade-repairlab"]}
    assert hook(None, None, learner)["groups"] == [] and learner["name"] == "l.learn"


@pytest.fixture(scope="module")
def hub():
    reason = harness.missing_requirements()
    if reason:
        pytest.skip(reason)
    root = WORK / f"run-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    users = [INSTRUCTOR, GRADER, *STUDENTS]
    for user in users:
        harness.make_user(user)
    postgres = harness.Postgres(root / "postgres", owner=GRADER)
    hub = None
    try:
        postgres.start()
        hub = harness.Hub(root=root, prefix=WORK / "prefix", instructors=[INSTRUCTOR], students=STUDENTS,
                          grader=GRADER, gradebook_url=postgres.url)
        hub.setup()
        hub.start()
        yield {"hub": hub, "postgres": postgres, "sessions": {}, "timings": {}}
    finally:
        if hub is not None:
            hub.stop()
            # Keep the hub's log (the hub's, the proxy's and every single-user server's and Voilà's
            # output) for whoever looks into a failure.
            if (root / "jupyterhub.log").exists():
                shutil.copy(root / "jupyterhub.log", WORK / "last-run-jupyterhub.log")
        postgres.stop()
        for user in users:
            harness.drop_user(user)
        shutil.rmtree(root, ignore_errors=True)


def session(hub, name: str) -> harness.Browserless:
    """A logged-in person with an API token (logging in spawns their server)."""
    if name not in hub["sessions"]:
        s = harness.Browserless(hub["hub"], name)
        hub["timings"][name] = s.login()
        s.make_token()
        hub["sessions"][name] = s
    return hub["sessions"][name]


def formgrader(hub, method: str, path: str, **kwargs):
    teacher = session(hub, INSTRUCTOR)
    response = teacher.api(method, f"/services/repairlab/formgrader/api/{path}", **kwargs)
    assert response.status_code == 200, f"{method} {path}: {response.status_code} {response.text[:500]}"
    return response.json()


def test_learners_land_on_the_voila_landing_page_with_lab_still_there(hub):
    for name in STUDENTS:
        s = session(hub, name)
        landing = s.api("GET", f"/user/{name}/repairlab/voila/render/index.ipynb")
        assert landing.status_code == 200, landing.text[:300]
        assert "voila" in landing.text.lower()
        assert "from repairlab import" not in landing.text  # sources stripped
        # Logging in sent them to the landing page (the spawner's default URL).
        assert hub["timings"][name] < 120
        lab = s.api("GET", f"/user/{name}/lab")
        assert lab.status_code == 200


def test_a_student_is_refused_the_formgrader_and_other_students_servers(hub):
    ana = session(hub, "rl-ana")
    for path in ("/services/repairlab/formgrader", "/services/repairlab/formgrader/api/assignments"):
        assert ana.api("GET", path).status_code == 403
    assert ana.api("GET", "/user/rl-ben/api/contents").status_code == 403
    assert ana.api("GET", "/user/rl-ben/repairlab/voila/render/index.ipynb").status_code == 403
    # The instructor reaches the formgrader; its page may be framed by its own origin only.
    teacher = session(hub, INSTRUCTOR)
    page = teacher.api("GET", "/services/repairlab/formgrader", allow_redirects=True)
    assert page.status_code == 200, (page.url, page.status_code)
    assert "/services/repairlab/formgrader" in page.url
    assert "frame-ancestors 'self'" in page.headers.get("Content-Security-Policy", "")


def test_the_course_round_through_the_hub(hub):
    key = json.loads((REPO / "instructor" / "keys" / f"{A0}.json").read_text())
    generated = formgrader(hub, "POST", f"assignment/{A0}/assign")
    assert generated["success"], f'{generated.get("log")}\n{generated.get("error")}'
    released = formgrader(hub, "POST", f"assignment/{A0}/release")
    assert released["success"], released

    for name in STUDENTS:
        s = session(hub, name)
        fetched = s.api("POST", f"/user/{name}/assignments/fetch", json={"assignment_id": A0, "course_id": "repairlab"})
        assert fetched.status_code == 200, fetched.text[:500]
        answers = {q: (e["family"], e["subtype"]) if n < RIGHT[name] else
                   (("no_rupture", None) if e["family"] != "no_rupture" else ("withdrawal_rupture", "denial"))
                   for n, (q, e) in enumerate(sorted(key["questions"].items()))}
        out = s.run_code(
            "import os\n"
            f"os.chdir(os.path.expanduser('~/{A0}'))\n"
            "from repairlab.course import open_assignment\n"
            f"a = open_assignment('.')\n"
            f"for q, (family, subtype) in {answers!r}.items():\n"
            "    item = a.public.items[q]\n"
            "    a.classify(q).answer(family, subtype, stance='engaged' if item.ask_stance else None)\n"
            "print('answered', sorted(os.listdir('.')), os.getuid())\n")
        assert "answers.json" in out
        submitted = s.api("POST", f"/user/{name}/assignments/submit",
                          json={"assignment_id": A0, "course_id": "repairlab"})
        assert submitted.status_code == 200 and "success\": false" not in submitted.text, submitted.text[:800]

    collected = formgrader(hub, "POST", f"assignment/{A0}/collect")
    assert collected["success"], collected
    for name in STUDENTS:
        graded = formgrader(hub, "POST", f"submission/{A0}/{name}/autograde")
        assert graded["success"], graded
    submissions = {s["student"]: s for s in formgrader(hub, "GET", f"submissions/{A0}")}
    # Each submission is the student's own: the exchange named it by their Linux user.
    assert set(submissions) == set(STUDENTS)
    for name in STUDENTS:
        assert submissions[name]["code_score"] == 2 * RIGHT[name], submissions[name]

    # The gradebook is in PostgreSQL, not in a file in the course folder.
    rows = hub["postgres"].query("SELECT student_id FROM submitted_assignment")
    assert sorted(rows) == sorted(STUDENTS)
    assert not (hub["hub"].course_dir / "gradebook.db").exists()

    # Grades out to the LMS, from the same gradebook, as the grader account.
    course = hub["hub"].course_dir
    env = {"REPAIRLAB_GRADEBOOK_URL": hub["postgres"].url, "REPAIRLAB_EXCHANGE": str(hub["hub"].exchange)}
    nbgrader = str(hub["hub"].prefix / "env" / "bin" / "nbgrader")
    for exporter, out in (("CanvasExporter", "canvas.csv"), ("MoodleExporter", "moodle.csv")):
        harness.as_user(GRADER, [nbgrader, "export", f"--exporter=repairlab.course.lms_export.{exporter}",
                                 "--to", out], cwd=course, env=env)
    with open(course / "moodle.csv", newline="") as handle:
        moodle = {row["Username"]: row[A0] for row in csv.DictReader(handle)}
    assert moodle == {name: str(2 * RIGHT[name]) for name in STUDENTS}
    with open(course / "canvas.csv", newline="") as handle:
        canvas = list(csv.reader(handle))
    assert canvas[1][0] == "Points Possible" and len(canvas) == 2 + len(STUDENTS)


class PageLog:
    """What a page did, for the failure message: console messages, page errors, failed requests and
    its websockets (the kernel's, through the hub's proxy and jupyter-server-proxy)."""

    def __init__(self, page):
        self.start = time.monotonic()
        self.lines: list[str] = []
        page.on("console", lambda m: self.add(f"console.{m.type}: {m.text[:300]}")
                if "satisf" not in m.text.lower() else None)  # Voilà's own bundle's version warnings
        page.on("pageerror", lambda error: self.add(f"page error: {str(error)[:300]}"))
        page.on("requestfailed", lambda r: self.add(f"request failed: {r.method} {r.url} {r.failure}"))
        page.on("response", lambda r: self.add(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
        page.on("websocket", self.websocket)

    def add(self, line: str) -> None:
        self.lines.append(f"{time.monotonic() - self.start:7.1f}s {line}")

    def websocket(self, socket) -> None:
        self.add(f"websocket open {socket.url}")
        socket.on("close", lambda *_: self.add(f"websocket closed {socket.url}"))
        socket.on("socketerror", lambda error: self.add(f"websocket error {socket.url}: {error}"))

    def __str__(self) -> str:
        return "\n".join(self.lines[-80:])


def wait_for_widgets(page, log: PageLog, hub: harness.Hub, selector: str, what: str,
                     timeout: float = 120_000) -> None:
    """Wait for a page's widgets; if they never come, fail with what the page and the servers said.

    A page whose widgets never render while its text arrived is a kernel the page cannot reach: for
    instance a preheated kernel that Voilà culled as it handed it over (HTTP 404 for
    api/kernels/<id> below, "Culling 'idle' kernel" in the servers' lines; see
    deploy/jupyterhub/README.md, "Preheated kernels behind the hub").
    """
    try:
        page.wait_for_selector(selector, timeout=timeout)
    except Exception as error:  # noqa: BLE001 - say what the page did
        body = page.inner_text("body")[:600] if page.locator("body").count() else ""
        servers = [line for line in hub.log().splitlines()
                   if any(word in line for word in ("Culling", "Traceback", "Error", "[E ", "Failed"))]
        raise AssertionError(f"{what}: no {selector} after {timeout / 1000:.0f} s at {page.url}\n"
                             f"page text: {body!r}\nthe page:\n{log}\nthe servers:\n"
                             + "\n".join(servers[-30:])) from error


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (scripts/test installs it)")
def test_each_student_answers_in_voila_and_the_progress_stays_in_their_home(hub):
    from playwright.sync_api import sync_playwright

    url = hub["hub"].url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"])
        try:
            for name in STUDENTS:
                context = browser.new_context(viewport={"width": 1200, "height": 900})
                page = context.new_page()
                log = PageLog(page)
                page.goto(f"{url}/hub/login")
                page.fill("input[name=username]", name)
                page.fill("input[name=password]", "any")
                page.click("input[type=submit], button[type=submit]")
                # The spawner's default URL: the landing page in Voilà.
                wait_for_widgets(page, log, hub["hub"], "a.rl-module", f"{name}'s landing page after logging in")
                assert f"/user/{name}/repairlab/voila/render/index.ipynb" in page.url
                page.locator("a.rl-module", has_text="Recognising ruptures").click()
                wait_for_widgets(page, log, hub["hub"], ".widget-button:visible", f"{name}'s module page")
                first = page.locator(".rl-classify").first
                first.locator("label", has_text="No rupture").click()
                first.locator("button", has_text="Check").click()
                first.locator("[role=status]").wait_for(timeout=60_000)
                # The exercises further down are made by the template's script (static/later.js),
                # which must be served behind the hub's proxy too.
                page.locator(".rl-later button[data-value='Good%20challenge']").first.wait_for(timeout=60_000)
                page.goto(f"{url}/user/{name}/repairlab/voila/render/index.ipynb")
                wait_for_widgets(page, log, hub["hub"], "a.rl-module", f"{name}'s landing page after answering")
                assert "you have answered 1" in page.inner_text("body")
                context.close()
        finally:
            browser.close()

    import pwd

    for name in STUDENTS:
        home = Path(pwd.getpwnam(name).pw_dir)
        store = home / ".local" / "share" / "repairlab" / "progress.sqlite3"
        assert store.exists() and store.stat().st_uid == pwd.getpwnam(name).pw_uid
        assert (home.stat().st_mode & 0o077) == 0  # nobody else can look inside
    other = harness.as_user("rl-ana", ["cat", str(Path(pwd.getpwnam("rl-ben").pw_dir) / ".local/share/repairlab/progress.sqlite3")],
                            check=False)
    assert other.returncode != 0 and "Permission denied" in other.stderr


def test_a_preheated_landing_page_waits_for_the_learner_while_voila_is_busy(hub):
    """The landing page's kernel, preheated before the learner arrives, must show their progress as
    it is when they open the page, even if their Voilà stopped answering for a while meanwhile (a
    loaded machine; here Voilà is stopped for 50 s). A wait that gave up then computed the page
    early, and Voilà culled the idle kernel as it handed it over: the page's widgets never showed
    (deploy/jupyterhub/README.md, "Preheated kernels behind the hub")."""
    import signal

    ana = session(hub, "rl-ana")
    pid, port = harness.voila_process("rl-ana")
    # The pool's kernel has run the page's first cell up to the wait and is connected to Voilà.
    deadline = time.monotonic() + 180
    while not harness.kernels_waiting_on(pid, port):
        assert time.monotonic() < deadline, "no preheated kernel of rl-ana's landing page is waiting on Voilà"
        time.sleep(1)
    os.kill(pid, signal.SIGSTOP)
    try:
        time.sleep(50)
    finally:
        os.kill(pid, signal.SIGCONT)
    answered = ana.run_code(
        "from repairlab.session import current_session\n"
        "s = current_session()\n"
        "item = s.bank.practice_items()[0]\n"
        "s.store.record_answer(s.learner_id, item.id, chosen_family=item.family, chosen_subtype=item.subtype,\n"
        "                      family_correct=True, subtype_correct=True, context='module')\n"
        "print(len(s.store.answers(s.learner_id)))\n").strip()
    assert f"you have answered {answered} " in harness.landing_text(ana)


def test_the_hubs_voila_settings_are_the_projects_with_one_preheated_page():
    project = json.loads((REPO / "voila.json").read_text())
    hub = json.loads((REPO / "deploy" / "jupyterhub" / "singleuser" / "voila.json").read_text())
    assert hub["VoilaKernelManager"]["kernel_pools_config"] == {"default": {"pool_size": 0},
                                                                 "index.ipynb": {"pool_size": 1}}
    # jupyter-server-proxy's JupyterLab extension is in the hub's environment; Voilà must not load it.
    assert hub["VoilaConfiguration"]["extension_denylist"] == [
        *project["VoilaConfiguration"]["extension_denylist"], "@jupyterhub/jupyter-server-proxy"]
    for config in (project, hub):
        config["VoilaKernelManager"].pop("kernel_pools_config")
        config["VoilaConfiguration"].pop("extension_denylist")
    assert hub == project
