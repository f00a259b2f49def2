"""Every single-user server of the hub (learners, instructors, the formgrader service).

Installed by setup.sh as <env>/etc/jupyter/jupyter_server_config.py, so it applies to every
server started from the deployment's environment.

- The curriculum runs in a standalone Voilà behind jupyter-server-proxy at /user/<name>/repairlab/:
  standalone, because only standalone Voilà keeps preheated kernels (voila.json: the landing page
  and the practice lab each have one ready), which makes the landing page open in about a second
  rather than two or three. It listens on loopback, so it demands a token that only this server
  knows: the token is handed over in the environment (which other users cannot read, unlike the
  command line) and added to every proxied request; a neighbour on the same machine who finds the
  port gets 403. The hub's authentication still guards /user/<name>/ as for any page. Voilà's
  settings, installed beside this file as <env>/etc/jupyter/voila.json, are the project's
  voila.json with only the landing page preheated: a preheated kernel costs every learner its
  memory all day, and on a hub memory is what limits the class (README: capacity).
- JupyterLab stays at /user/<name>/lab.
- nbgrader's formgrader and course list are for the formgrader service only (REPAIRLAB_FORMGRADER=1
  in its environment, set by jupyterhub_config.py); learners keep the assignment list.
- Idle kernels are culled, so a forgotten tab does not hold memory.
"""

import os
import secrets
import sys
from pathlib import Path

c = get_config()  # noqa: F821

_env_bin = Path(sys.executable).parent
_modules = os.environ.get("REPAIRLAB_MODULES", str(Path(sys.prefix) / "share" / "repairlab" / "modules"))
_token = secrets.token_hex(32)

# Voilà's preheated kernels wait for the learner's request on a websocket to Voilà itself, not
# through the hub: ws://$VOILA_APP_IP:$VOILA_APP_PORT$VOILA_SERVER_URL voila/query/<kernel>, that
# is ws://127.0.0.1:<port>/user/<name>/repairlab/voila/query/<kernel> (Voilà sets the port and the
# prefix; VOILA_APP_IP is not set and defaults to 127.0.0.1). Keep Voila.ip at 127.0.0.1, or the
# kernels cannot reach it and every landing page is computed before the learner arrives.
c.ServerProxy.servers = {
    "repairlab": {
        "command": [
            str(_env_bin / "voila"), _modules, "--no-browser", "--port={port}", "--Voila.ip=127.0.0.1",
            "--Voila.base_url={base_url}repairlab/", "--Voila.auto_token=True",
            # Kernels on Unix sockets in Voilà's private connection folder, not on loopback TCP
            # ports: ports are picked before they are bound, and with many learners' kernels
            # starting at once two picked the same one (seen here in a burst of ten).
            "--KernelManager.transport=ipc",
        ],
        "environment": {"JUPYTER_TOKEN": _token, "PATH": f"{_env_bin}{os.pathsep}{os.environ.get('PATH', '')}"},
        "request_headers_override": {"Authorization": f"token {_token}"},
        "absolute_url": True,
        "timeout": 120,
        "launcher_entry": {"title": "Repairlab (self-study)", "enabled": True},
        "new_browser_tab": True,
    }
}

grader = os.environ.get("REPAIRLAB_FORMGRADER") == "1"
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": grader,
    "nbgrader.server_extensions.course_list": grader,
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
}
if grader:
    # JupyterHub >= 4.1 forbids framing (frame-ancestors 'none'); the formgrader's JupyterLab panel
    # is an iframe of this same server. Allow it here only: this server is reachable by graders
    # alone, and with JupyterHub.enable_subdomains 'self' is this server's own origin.
    c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}

c.MappingKernelManager.cull_idle_timeout = 1200
c.MappingKernelManager.cull_interval = 120
c.MappingKernelManager.cull_connected = False
