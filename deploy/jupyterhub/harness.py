"""A real hub on this machine, for tests/test_jupyterhub.py and capacity.py (run as root).

Nothing here is needed to run the hub; it drives one the way people do: real Linux users, the
hub installed by setup.sh, PostgreSQL from Debian's packages in a temporary folder for nbgrader's
gradebook, logins through the hub's login form, and every request through the hub's proxy.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    done = subprocess.run(cmd, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


def as_user(user: str, cmd: list[str], cwd: str | Path | None = None, env: dict | None = None,
            check: bool = True) -> subprocess.CompletedProcess:
    """Run a command as a Linux user (runuser, from util-linux), with that user's home."""
    home = pwd.getpwnam(user).pw_dir
    base = {"HOME": home, "USER": user, "LOGNAME": user, "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
    full = ["runuser", "-u", user, "--", "env", *(f"{k}={v}" for k, v in {**base, **(env or {})}.items()), *cmd]
    done = subprocess.run(full, cwd=cwd, capture_output=True, text=True)
    if check and done.returncode != 0:
        raise RuntimeError(f"as {user}: {' '.join(map(str, cmd))} failed:\n{done.stdout}\n{done.stderr}")
    return done


# -- what the machine needs --------------------------------------------------------------------
def missing_requirements() -> str | None:
    """Why a hub cannot run here, or None. Installs npm and PostgreSQL from Debian when it can."""
    if os.geteuid() != 0:
        return ("the hub test creates real Linux users (nbgrader names a submission by the operating-system "
                "user, so one account for everyone misattributes submissions) and starts servers as them: "
                "run it as root (CI does)")
    if shutil.which("useradd") is None or shutil.which("runuser") is None:
        return "needs useradd and runuser (Debian's passwd and util-linux)"
    wanted = [pkg for pkg, present in (("npm", shutil.which("npm")), ("postgresql", postgres_bin()))
              if not present]
    if wanted and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *wanted], env=env, capture_output=True)
    if shutil.which("npm") is None:
        return ("npm is missing, so configurable-http-proxy (the hub's proxy, from the npm registry) cannot be "
                "installed: apt-get install npm")
    if postgres_bin() is None:
        return "PostgreSQL is missing (nbgrader's gradebook on the hub): apt-get install postgresql"
    return None


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb")) if Path("/usr/lib/postgresql").exists() else []
    return found[-1].parent if found else None


# -- users -------------------------------------------------------------------------------------
def make_user(name: str) -> None:
    drop_user(name)
    run(["useradd", "--create-home", "--shell", "/bin/bash", name])
    os.chmod(pwd.getpwnam(name).pw_dir, 0o700)


def drop_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)  # this user's processes only
    time.sleep(0.2)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


# -- PostgreSQL in a temporary folder ----------------------------------------------------------
@dataclass
class Postgres:
    root: Path
    owner: str
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(12))

    @property
    def url(self) -> str:
        return f"postgresql://gradebook:{self.password}@127.0.0.1:{self.port}/repairlab"

    def start(self) -> "Postgres":
        bindir = postgres_bin()
        data = self.root / "data"
        self.root.mkdir(parents=True, exist_ok=True)
        pwfile = self.root / "pw"
        pwfile.write_text(self.password + "\n")
        shutil.chown(self.root, self.owner)
        shutil.chown(pwfile, self.owner)
        os.chmod(self.root, 0o700)
        as_user(self.owner, [str(bindir / "initdb"), "-D", str(data), "-U", "gradebook", "--pwfile", str(pwfile),
                             "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"])
        as_user(self.owner, [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(self.root / "log"), "-w", "start",
                             "-o", f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"])
        as_user(self.owner, [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "gradebook",
                             "repairlab"], env={"PGPASSWORD": self.password})
        return self

    def query(self, sql: str) -> list[str]:
        done = as_user(self.owner, [str(postgres_bin() / "psql"), "-h", "127.0.0.1", "-p", str(self.port),
                                    "-U", "gradebook", "-d", "repairlab", "-tAc", sql], env={"PGPASSWORD": self.password})
        return [line for line in done.stdout.splitlines() if line]

    def stop(self) -> None:
        bindir = postgres_bin()
        as_user(self.owner, [str(bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "fast", "stop"],
                check=False)


# -- the hub -----------------------------------------------------------------------------------
@dataclass
class Hub:
    root: Path                    # a folder every user can traverse (the exchange is in it)
    prefix: Path                  # where setup.sh installs (kept between runs: the environment is slow to build)
    instructors: list[str]
    students: list[str]
    grader: str
    gradebook_url: str = ""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def exchange(self) -> Path:
        return self.root / "exchange"

    @property
    def course_dir(self) -> Path:
        return Path(pwd.getpwnam(self.grader).pw_dir) / "repairlab"

    def env(self) -> dict:
        # The machine's environment (certificates, proxies, pip and npm settings), less anything of
        # this project's own or of an activated environment.
        inherited = {k: v for k, v in os.environ.items()
                     if not k.startswith(("REPAIRLAB_", "JUPYTER", "VIRTUAL_ENV", "PYTEST", "CONFIGPROXY"))}
        return {
            **inherited,
            "PATH": f"{self.prefix / 'env' / 'bin'}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "HOME": "/root",
            "REPAIRLAB_PREFIX": str(self.prefix),
            "REPAIRLAB_EXCHANGE": str(self.exchange),
            "REPAIRLAB_GRADER": self.grader,
            "REPAIRLAB_HUB_AUTH": "dummy",
            "REPAIRLAB_HUB_IP": "127.0.0.1",
            "REPAIRLAB_HUB_PORT": str(self.port),
            "REPAIRLAB_FORMGRADER_PORT": str(free_port()),
            "REPAIRLAB_HUB_API_PORT": str(free_port()),
            "REPAIRLAB_PROXY_API_PORT": str(free_port()),
            "REPAIRLAB_USERS": ",".join(self.students),
            "REPAIRLAB_INSTRUCTORS": ",".join(self.instructors),
            "REPAIRLAB_GRADEBOOK_URL": self.gradebook_url,
            "REPAIRLAB_HUB_DB_URL": f"sqlite:///{self.root / 'jupyterhub.sqlite'}",
            "CONFIGPROXY_AUTH_TOKEN": secrets.token_hex(16),
        }

    def setup(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o755)
        # A Python every user can run (this test's own may live under /root).
        python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
        done = run(["bash", str(HERE / "setup.sh")], env={**self.env(), "REPAIRLAB_PYTHON": python},
                   timeout=1800)
        return done.stdout + done.stderr

    def start(self, timeout: float = 120) -> "Hub":
        log = open(self.root / "jupyterhub.log", "w")
        self.process = subprocess.Popen(
            [str(self.prefix / "env" / "bin" / "jupyterhub"), "-f", str(HERE / "jupyterhub_config.py"),
             "--JupyterHub.pid_file=" + str(self.root / "jupyterhub.pid")],
            cwd=self.root, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        import requests

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited:\n{self.log()[-5000:]}")
            try:
                if requests.get(f"{self.url}/hub/api", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"the hub did not answer within {timeout} s:\n{self.log()[-5000:]}")

    def log(self) -> str:
        path = self.root / "jupyterhub.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # the hub stops the proxy, services and servers it started
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        # A hub that died leaves its proxy running: stop that one (by its pid file) too.
        pid_file = self.prefix / "hub" / "jupyterhub-proxy.pid"
        if pid_file.exists():
            try:
                os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
            except (ValueError, ProcessLookupError):
                pass
            pid_file.unlink(missing_ok=True)


class Browserless:
    """One person's session with the hub over HTTP: the login form, then tokens for the APIs."""

    def __init__(self, hub: Hub, name: str):
        import requests

        self.hub, self.name = hub, name
        self.http = requests.Session()
        self.token = ""

    def login(self, timeout: float = 180, spawn: bool = True) -> float:
        """Log in through the form and follow the redirects to the landing page; seconds taken.

        With ``spawn=False`` the person stops at the hub's home page and no server is started.
        """
        start = time.monotonic()
        page = self.http.get(f"{self.hub.url}/hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self.xsrf("/hub/")
        next_url = "" if spawn else "/hub/home"
        done = self.http.post(f"{self.hub.url}/hub/login?next={next_url}",
                              data={"username": self.name, "password": "x", "_xsrf": xsrf}, timeout=timeout)
        # The spawn-pending page polls until the server is up; so do we.
        deadline = time.monotonic() + timeout
        while "/spawn-pending/" in done.url and time.monotonic() < deadline:
            time.sleep(0.25)
            done = self.http.get(f"{self.hub.url}/user/{self.name}/", timeout=timeout)
        done.raise_for_status()
        return time.monotonic() - start

    def xsrf(self, path: str) -> str:
        """The _xsrf cookie the hub set for ``path`` (each server sets its own)."""
        found = [c for c in self.http.cookies if c.name == "_xsrf" and path.startswith(c.path or "/")]
        found.sort(key=lambda c: len(c.path or ""), reverse=True)
        return found[0].value if found else ""

    def make_token(self) -> str:
        xsrf = self.xsrf("/hub/")
        response = self.http.post(f"{self.hub.url}/hub/api/users/{self.name}/tokens", json={"note": "test"},
                                  headers={"X-XSRFToken": xsrf}, timeout=30)
        response.raise_for_status()
        self.token = response.json()["token"]
        return self.token

    def spawn(self, timeout: float = 300) -> float:
        """Start this person's server through the hub's API; seconds until the hub says it is ready."""
        start = time.monotonic()
        response = self.api("POST", f"/hub/api/users/{self.name}/server")
        if response.status_code not in (201, 202):
            raise RuntimeError(f"spawn {self.name}: {response.status_code} {response.text[:300]}")
        time.sleep(0.2)
        while time.monotonic() - start < timeout:
            model = self.api("GET", f"/hub/api/users/{self.name}").json()
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return time.monotonic() - start
            if not server and not model.get("pending"):
                raise RuntimeError(f"{self.name}'s server failed to start (see the hub's log)")
            time.sleep(0.5)
        raise RuntimeError(f"{self.name}'s server was not ready within {timeout} s")

    def api(self, method: str, path: str, **kwargs):
        import requests

        headers = {"Authorization": f"token {self.token}", **kwargs.pop("headers", {})}
        kwargs.setdefault("timeout", 300)
        kwargs.setdefault("allow_redirects", False)
        return requests.request(method, f"{self.hub.url}{path}", headers=headers, **kwargs)

    def run_code(self, code: str, cwd: str = "", timeout: float = 300) -> str:
        """Execute code in a new kernel of this person's server, through the hub; its stdout."""
        kernel = self.api("POST", f"/user/{self.name}/api/kernels", json={"name": "python3", "path": cwd})
        kernel.raise_for_status()
        kid = kernel.json()["id"]
        try:
            return _execute(self, kid, code, timeout)
        finally:
            self.api("DELETE", f"/user/{self.name}/api/kernels/{kid}")


def _execute(session: Browserless, kid: str, code: str, timeout: float) -> str:
    import asyncio

    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    async def go() -> str:
        url = f"ws://127.0.0.1:{session.hub.port}/user/{session.name}/api/kernels/{kid}/channels"
        conn = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {session.token}"}))
        sid = uuid.uuid4().hex

        def message(kind: str, content: dict) -> tuple[str, str]:
            msg_id = uuid.uuid4().hex
            return msg_id, json.dumps({
                "header": {"msg_id": msg_id, "msg_type": kind, "username": session.name, "session": sid,
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [], "content": content})

        # A request sent before the kernel is listening can be lost: ask for kernel_info until it
        # answers. Any answer will do: on a loaded machine an answer can take longer than the pause
        # between two requests, and waiting for the latest request's answer only would never end.
        deadline = time.monotonic() + timeout
        asked: set[str] = set()
        pause = 3.0
        ready = False
        while not ready:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{session.name}'s kernel {kid} did not answer kernel_info within {timeout} s "
                                   f"({len(asked)} requests)")
            info_id, text = message("kernel_info_request", {})
            asked.add(info_id)
            await conn.write_message(text)
            try:
                while True:
                    raw = await asyncio.wait_for(conn.read_message(), timeout=pause)
                    if raw is None:
                        raise RuntimeError(f"{session.name}'s kernel closed its connection")
                    if isinstance(raw, str) and json.loads(raw).get("parent_header", {}).get("msg_id") in asked:
                        ready = True
                        break
            except asyncio.TimeoutError:
                pause = min(2 * pause, 30.0)
        msg_id, text = message("execute_request", {"code": code, "silent": False, "store_history": False,
                                                   "user_expressions": {}, "allow_stdin": False,
                                                   "stop_on_error": True})
        await conn.write_message(text)
        out, status, state = [], None, "sent"
        while True:
            try:
                raw = await asyncio.wait_for(conn.read_message(), timeout=max(1.0, deadline - time.monotonic()))
            except asyncio.TimeoutError:
                raise RuntimeError(f"code in {session.name}'s kernel {kid} did not finish within {timeout} s "
                                   f"(kernel {state}); its output so far:\n{''.join(out)}") from None
            if raw is None:
                break
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream":
                out.append(msg["content"]["text"])
            elif kind == "error":
                out.append("\n".join(msg["content"]["traceback"]))
                status = "error"
            elif kind == "execute_reply":
                status = status or msg["content"]["status"]
            elif kind == "status":
                state = msg["content"]["execution_state"]
                if state == "idle" and status:
                    break
        conn.close()
        if status != "ok":
            raise RuntimeError(f"code failed in {session.name}'s kernel ({status}):\n{''.join(out)}")
        return "".join(out)

    return asyncio.run(go())


def path_of(url: str) -> str:
    return urlsplit(url).path


def processes_of(user: str):
    """The /proc folders of the processes a Linux user runs now (one that ends meanwhile is skipped)."""
    uid = pwd.getpwnam(user).pw_uid
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and proc.stat().st_uid == uid:
                yield proc
        except OSError:
            continue


def user_memory(user: str) -> dict:
    """Memory of every process a Linux user runs: resident (RSS) and proportional (PSS, which splits
    shared pages among the processes sharing them, so PSS adds up across learners), in MB."""
    total = {"rss_mb": 0.0, "pss_mb": 0.0, "processes": []}
    for proc in processes_of(user):
        try:
            fields = dict(line.split(":", 1) for line in (proc / "smaps_rollup").read_text().splitlines()[1:])
            rss = int(fields["Rss"].split()[0]) / 1024
            pss = int(fields["Pss"].split()[0]) / 1024
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
        except (OSError, KeyError, ValueError):
            continue
        total["rss_mb"] += rss
        total["pss_mb"] += pss
        total["processes"].append({"pid": int(proc.name), "rss_mb": round(rss, 1), "cmd": cmd})
    return total


# -- Voilà behind the hub ----------------------------------------------------------------------
LANDING = "/user/{name}/repairlab/voila/render/index.ipynb"


def landing_widgets(session: Browserless, timeout: float = 300) -> tuple[str, dict]:
    """Open a learner's landing page as their browser does, less the browser: the page through the
    hub's proxy, a websocket to its kernel, and the widgets' state as ipywidgets' manager asks for
    it (the control comm's request_states). Returns the kernel id and the widgets' states."""
    import asyncio
    import re

    from tornado.httpclient import AsyncHTTPClient, HTTPRequest
    from tornado.websocket import websocket_connect

    async def go() -> tuple[str, dict]:
        auth = {"Authorization": f"token {session.token}"}
        page = await AsyncHTTPClient().fetch(HTTPRequest(session.hub.url + LANDING.format(name=session.name),
                                                         headers=auth, request_timeout=timeout))
        config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                           page.body.decode(), re.S)
        kernel = json.loads(config.group(1))["kernelId"]
        url = (f"ws://127.0.0.1:{session.hub.port}/user/{session.name}/repairlab/api/kernels/{kernel}/channels"
               f"?session_id={uuid.uuid4().hex}")
        conn = await websocket_connect(HTTPRequest(url, headers=auth, request_timeout=timeout))
        comm, sid = uuid.uuid4().hex, uuid.uuid4().hex

        def message(kind: str, content: dict, metadata: dict | None = None) -> str:
            return json.dumps({"header": {"msg_id": uuid.uuid4().hex, "msg_type": kind, "username": session.name,
                                          "session": sid, "version": "5.3", "date": ""},
                               "parent_header": {}, "metadata": metadata or {}, "channel": "shell",
                               "buffers": [], "content": content})

        try:
            await conn.write_message(message("comm_open", {"comm_id": comm, "target_name": "jupyter.widget.control",
                                                           "data": {}}, {"version": "1.0.0"}))
            await conn.write_message(message("comm_msg", {"comm_id": comm, "data": {"method": "request_states"}}))
            while True:
                raw = await asyncio.wait_for(conn.read_message(), timeout=timeout)
                if raw is None:
                    raise RuntimeError(f"{session.name}'s landing kernel closed its connection")
                if isinstance(raw, bytes):
                    continue
                msg = json.loads(raw)
                data = msg.get("content", {}).get("data") or {}
                if msg["header"]["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                    return kernel, data.get("states", {})
        finally:
            conn.close()

    return asyncio.run(go())


def landing_text(session: Browserless) -> str:
    """The text of the landing page's widgets (what the learner reads), through the hub."""
    _, states = landing_widgets(session)
    return " ".join(s.get("state", {}).get("value", "") for s in states.values()
                    if s.get("state", {}).get("_model_name") == "HTMLModel")


def voila_process(user: str) -> tuple[int, int]:
    """A learner's Voilà (started by jupyter-server-proxy): its pid and its port."""
    for proc in processes_of(user):
        try:
            argv = (proc / "cmdline").read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if any(a.endswith("/voila") for a in argv[:2]):
            port = next(int(a.split("=", 1)[1]) for a in argv if a.startswith("--port="))
            return int(proc.name), port
    raise LookupError(f"{user} has no Voilà running")


def kernels_waiting_on(pid: int, port: int) -> list[int]:
    """Voilà's kernels (children of ``pid``) that hold an open connection to Voilà's port: the
    preheated kernels waiting for a learner's request."""
    established = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            if state == "01" and int(remote.rsplit(":", 1)[1], 16) == port:
                established.add(inode)
    waiting = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) != pid:
                continue
            inodes = {os.readlink(fd)[8:-1] for fd in (proc / "fd").iterdir()
                      if os.readlink(fd).startswith("socket:[")}
        except OSError:
            continue
        if inodes & established:
            waiting.append(int(proc.name))
    return waiting
