"""JupyterHub for a repairlab class on one server: one single-user server per person.

Start it as root (it starts each person's server as their own Linux user):

    sudo /opt/repairlab/env/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

after `sudo deploy/jupyterhub/setup.sh` has installed the environment (see README.md there).

What a person meets:
- a learner lands on the curriculum's landing page in Voilà (/user/<name>/repairlab/voila/render/
  index.ipynb, served with preheated kernels); JupyterLab stays at /user/<name>/lab, with the
  assignment list for fetching and submitting nbgrader assignments;
- each learner's progress store is in their own home (~/.local/share/repairlab/), private to them;
- instructors and graders (group formgrade-<course>) reach the formgrader at /services/<course>/formgrader,
  a hub service running as the grader account in the course folder; everyone else gets 403;
- nbgrader's exchange is on storage every server sees (REPAIRLAB_EXCHANGE).

Everything site-specific comes from the environment (a systemd EnvironmentFile, see repairlab.env):

    REPAIRLAB_PREFIX        where setup.sh installed: env/, hub/ (state), node/ (the proxy). /opt/repairlab
    REPAIRLAB_HUB_AUTH      lti13 (default) | dummy (tests only: any password, listed users)
    REPAIRLAB_HUB_IP/PORT   where the hub listens; default all interfaces, 8000 (put TLS in front)
    REPAIRLAB_COURSE_ID     repairlab
    REPAIRLAB_GRADER        the Linux account that owns the course and runs the formgrader; grader-<course>
    REPAIRLAB_COURSE_DIR    the course folder (a copy of instructor/); /home/<grader>/<course>
    REPAIRLAB_EXCHANGE      nbgrader's exchange; /srv/nbgrader/exchange
    REPAIRLAB_GRADEBOOK_URL nbgrader's db_url, e.g. postgresql://grader@/repairlab?host=/run/postgresql
                            (default: SQLite in the course folder)
    REPAIRLAB_HUB_DB_URL    the hub's own database (default SQLite in <prefix>/hub)
    REPAIRLAB_ADMINS        hub admins, comma-separated
    REPAIRLAB_INSTRUCTORS   graders when not given by the LMS (dummy auth; or to add graders by hand)
    REPAIRLAB_USERS         the allowed users with dummy auth
    REPAIRLAB_CULL_TIMEOUT  stop servers idle this many seconds (3600)
    REPAIRLAB_CONCURRENT_SPAWNS  servers starting at once, at most (4 per core)
    LTI13_ISSUER, LTI13_CLIENT_ID (comma-separated), LTI13_AUTHORIZE_URL, LTI13_JWKS_ENDPOINT,
    LTI13_USERNAME_KEY (email)   the LMS registration: see LTI13.md (Canvas, Moodle)
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from repairlab_hub import ensure_system_user, make_lti_post_auth_hook  # noqa: E402

c = get_config()  # noqa: F821


def _list(name: str) -> list[str]:
    return [v.strip() for v in os.environ.get(name, "").split(",") if v.strip()]


PREFIX = Path(os.environ.get("REPAIRLAB_PREFIX", "/opt/repairlab"))
ENV_BIN = PREFIX / "env" / "bin"
STATE = PREFIX / "hub"
COURSE = os.environ.get("REPAIRLAB_COURSE_ID", "repairlab")
GRADER = os.environ.get("REPAIRLAB_GRADER", f"grader-{COURSE}")
COURSE_DIR = os.environ.get("REPAIRLAB_COURSE_DIR", f"/home/{GRADER}/{COURSE}")
EXCHANGE = os.environ.get("REPAIRLAB_EXCHANGE", "/srv/nbgrader/exchange")
GRADERS_GROUP = f"formgrade-{COURSE}"
PATH = f"{ENV_BIN}{os.pathsep}/usr/local/bin:/usr/bin:/bin"

# -- the hub and its proxy ---------------------------------------------------------------------
c.JupyterHub.ip = os.environ.get("REPAIRLAB_HUB_IP", "")
c.JupyterHub.port = int(os.environ.get("REPAIRLAB_HUB_PORT", "8000"))
c.JupyterHub.db_url = os.environ.get("REPAIRLAB_HUB_DB_URL", f"sqlite:///{STATE / 'jupyterhub.sqlite'}")
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
# Internal ports (the hub's API, the proxy's API), on loopback; change them to run two hubs.
c.JupyterHub.hub_port = int(os.environ.get("REPAIRLAB_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('REPAIRLAB_PROXY_API_PORT', '8001')}"
_chp = PREFIX / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
if _chp.exists():  # setup.sh installs configurable-http-proxy from npm here
    c.ConfigurableHTTPProxy.command = [str(_chp)]
# Put each user and service on its own subdomain in production (needs a wildcard DNS name and
# certificate): then the formgrader's frame-ancestors 'self' means its own origin only.
if os.environ.get("REPAIRLAB_HUB_SUBDOMAIN_HOST"):
    c.JupyterHub.subdomain_host = os.environ["REPAIRLAB_HUB_SUBDOMAIN_HOST"]

# -- who logs in ------------------------------------------------------------------------------
AUTH = os.environ.get("REPAIRLAB_HUB_AUTH", "lti13")
c.Authenticator.admin_users = set(_list("REPAIRLAB_ADMINS"))
if AUTH == "lti13":
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = os.environ.get("LTI13_ISSUER", "")
    c.LTI13Authenticator.client_id = _list("LTI13_CLIENT_ID")
    c.LTI13Authenticator.authorize_url = os.environ.get("LTI13_AUTHORIZE_URL", "")
    c.LTI13Authenticator.jwks_endpoint = os.environ.get("LTI13_JWKS_ENDPOINT", "")
    c.LTI13Authenticator.username_key = os.environ.get("LTI13_USERNAME_KEY", "email")
    c.LTI13Authenticator.tool_name = "repairlab"
    c.LTI13Authenticator.tool_description = "Deliberate practice: noticing and repairing alliance ruptures"
    c.LTI13LaunchValidator.time_leeway = int(os.environ.get("LTI13_TIME_LEEWAY", "10"))
    # Whoever the LMS launches into the course may log in; the LMS decides who is enrolled.
    c.Authenticator.allow_all = True
    c.Authenticator.enable_auth_state = True  # the launch's claims (roles, names) stay with the user
    # LMS instructors and TAs become graders at every launch (and stop being graders when the LMS
    # says so); the name becomes a Linux user name.
    c.Authenticator.manage_groups = True
    c.Authenticator.post_auth_hook = make_lti_post_auth_hook(COURSE)
elif AUTH == "dummy":
    # For tests on loopback only: any password. Never on a network.
    c.JupyterHub.authenticator_class = "dummy"
    c.Authenticator.allowed_users = set(_list("REPAIRLAB_USERS")) | set(_list("REPAIRLAB_INSTRUCTORS"))
    c.JupyterHub.load_groups = {GRADERS_GROUP: {"users": _list("REPAIRLAB_INSTRUCTORS")}}
else:
    raise ValueError(f"REPAIRLAB_HUB_AUTH must be lti13 or dummy, not {AUTH!r}")

# -- each person's server ---------------------------------------------------------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(ENV_BIN / "jupyterhub-singleuser")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/repairlab/voila/render/index.ipynb"
c.Spawner.environment = {"PATH": PATH, "REPAIRLAB_EXCHANGE": EXCHANGE, "REPAIRLAB_COURSE_ID": COURSE}
c.Spawner.pre_spawn_hook = ensure_system_user
# A server takes about 7 s of CPU to start (README: capacity). Many at once on few cores are slow,
# not broken: wait for them, and let only a few start at a time (more get "try again shortly").
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.JupyterHub.concurrent_spawn_limit = int(os.environ.get("REPAIRLAB_CONCURRENT_SPAWNS", 4 * (os.cpu_count() or 1)))
c.JupyterHub.allow_named_servers = False

# -- roles and services -----------------------------------------------------------------------
c.JupyterHub.load_roles = [
    {
        # nbgrader's docs: graders may use the course's formgrader service and see it listed.
        "name": GRADERS_GROUP,
        "groups": [GRADERS_GROUP],
        "scopes": [f"access:services!service={COURSE}", "list:services", f"read:services!service={COURSE}"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
]

_gradebook = os.environ.get("REPAIRLAB_GRADEBOOK_URL", "")
c.JupyterHub.services = [
    {
        # The formgrader: a single-user server run by the hub as the grader account, in the course
        # folder. Its name must be the course id (nbgrader finds it by that name).
        "name": COURSE,
        "url": f"http://127.0.0.1:{os.environ.get('REPAIRLAB_FORMGRADER_PORT', '9999')}",
        "command": [str(ENV_BIN / "jupyterhub-singleuser")],
        "user": GRADER,
        "cwd": COURSE_DIR,
        "oauth_no_confirm": True,
        "environment": {
            "PATH": PATH,
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            "REPAIRLAB_FORMGRADER": "1",  # singleuser/jupyter_server_config.py enables the formgrader
            "REPAIRLAB_EXCHANGE": EXCHANGE,
            "REPAIRLAB_COURSE_ID": COURSE,
            **({"REPAIRLAB_GRADEBOOK_URL": _gradebook} if _gradebook else {}),
        },
    },
    {
        "name": "idle-culler",
        "command": [str(ENV_BIN / "python"), "-m", "jupyterhub_idle_culler",
                    f"--timeout={os.environ.get('REPAIRLAB_CULL_TIMEOUT', '3600')}"],
    },
]
