#!/usr/bin/env bash
# Install repairlab's JupyterHub on this server (Debian or Ubuntu). Run as root; safe to repeat.
#
#   sudo deploy/jupyterhub/setup.sh
#
# It creates one Python environment (<prefix>/env) with the curriculum, Voilà, nbgrader and
# JupyterHub, installs the proxy (configurable-http-proxy, from npm) under <prefix>/node, copies the
# curriculum's notebooks where every learner's Voilà reads them, installs the single-user and
# nbgrader settings, makes nbgrader's exchange, and creates the grader account with the course
# (a copy of instructor/, made once: an existing course is never overwritten).
# Settings come from the environment; the defaults are in jupyterhub_config.py's docstring.
# With REPAIRLAB_SETUP_POSTGRES=1 it also creates the gradebook database in the system's PostgreSQL.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
PREFIX="${REPAIRLAB_PREFIX:-/opt/repairlab}"
COURSE="${REPAIRLAB_COURSE_ID:-repairlab}"
GRADER="${REPAIRLAB_GRADER:-grader-$COURSE}"
COURSE_DIR="${REPAIRLAB_COURSE_DIR:-/home/$GRADER/$COURSE}"
EXCHANGE="${REPAIRLAB_EXCHANGE:-/srv/nbgrader/exchange}"
PYTHON="${REPAIRLAB_PYTHON:-python3}"
ENV="$PREFIX/env"

if [[ "$(id -u)" != 0 ]]; then
    echo "setup.sh makes Linux accounts and starts servers as them: run it as root (sudo)." >&2
    exit 1
fi
say() { echo "[repairlab-hub] $*"; }

# 1. One environment for the hub, the formgrader and every learner's server.
if [[ ! -x "$ENV/bin/python" ]]; then
    say "creating $ENV"
    "$PYTHON" -m venv "$ENV"
fi
# Every learner runs this environment's Python: it must not sit in a private folder (a pyenv under
# /root, say).
if ! su -s /bin/sh nobody -c "'$ENV/bin/python' -c pass" 2>/dev/null; then
    echo "Other users cannot run $ENV/bin/python (its interpreter, $(readlink -f "$ENV/bin/python")," \
         "is in a private folder). Remove $ENV and rerun with REPAIRLAB_PYTHON=/usr/bin/python3." >&2
    exit 1
fi
# Reinstall when the project, its code or data, or the hub's requirements change.
want="$(cd "$REPO" && find pyproject.toml deploy/jupyterhub/requirements.txt widgets data share \
    -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [[ "$(cat "$ENV/.repairlab-installed" 2>/dev/null)" != "$want" ]]; then
    say "installing repairlab and the hub into $ENV (a few minutes the first time)"
    "$ENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
    "$ENV/bin/python" -m pip install --quiet --disable-pip-version-check "$REPO" -r "$HERE/requirements.txt"
    echo "$want" >"$ENV/.repairlab-installed"
fi

# 2. The proxy, from the npm registry.
if [[ ! -x "$PREFIX/node/node_modules/.bin/configurable-http-proxy" ]]; then
    if ! command -v npm >/dev/null 2>&1; then
        say "installing Node.js and npm (Debian packages)"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
    fi
    say "installing configurable-http-proxy from npm into $PREFIX/node"
    mkdir -p "$PREFIX/node"
    npm install --prefix "$PREFIX/node" --no-audit --no-fund --loglevel=error configurable-http-proxy@5
fi

# 3. The curriculum every learner's Voilà serves (read-only; progress lives in each home).
say "installing the curriculum's notebooks"
rm -rf "$ENV/share/repairlab/modules"
mkdir -p "$ENV/share/repairlab"
cp -r "$REPO/modules" "$ENV/share/repairlab/modules"
find "$ENV/share/repairlab/modules" -name '.ipynb_checkpoints' -prune -exec rm -rf {} +
chmod -R a+rX "$ENV/share/repairlab"

# 4. Settings for every single-user server started from this environment.
mkdir -p "$ENV/etc/jupyter/labconfig"
install -m 644 "$HERE/singleuser/jupyter_server_config.py" "$ENV/etc/jupyter/jupyter_server_config.py"
install -m 644 "$HERE/singleuser/voila.json" "$ENV/etc/jupyter/voila.json"
install -m 644 "$HERE/nbgrader_config.py" "$ENV/etc/jupyter/nbgrader_config.py"
install -m 644 "$HERE/singleuser/page_config.json" "$ENV/etc/jupyter/labconfig/page_config.json"

# 5. nbgrader's exchange: everyone writes, nobody removes what is not theirs.
mkdir -p "$EXCHANGE"
chmod 1777 "$EXCHANGE"

# 6. The grader account and the course.
if ! id "$GRADER" >/dev/null 2>&1; then
    say "creating the grader account $GRADER"
    useradd --create-home --shell /bin/bash "$GRADER"
fi
GRADER_HOME="$(getent passwd "$GRADER" | cut -d: -f6)"
chmod 700 "$GRADER_HOME"
if [[ ! -d "$COURSE_DIR" ]]; then
    say "copying the course into $COURSE_DIR"
    mkdir -p "$(dirname "$COURSE_DIR")"
    cp -r "$REPO/instructor" "$COURSE_DIR"
    rm -rf "$COURSE_DIR"/{release,submitted,autograded,feedback,gradebook.db}
fi
# The grader's own JupyterLab shows the formgrader and assignment-creation panels.
mkdir -p "$GRADER_HOME/.jupyter/labconfig"
install -m 644 "$HERE/singleuser/grader_page_config.json" "$GRADER_HOME/.jupyter/labconfig/page_config.json"
chown -R "$GRADER:" "$COURSE_DIR" "$GRADER_HOME/.jupyter"

# 7. The gradebook in the system's PostgreSQL (peer authentication as the grader account).
if [[ "${REPAIRLAB_SETUP_POSTGRES:-0}" == 1 ]]; then
    if ! command -v psql >/dev/null 2>&1; then
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$GRADER'\"" | grep -q 1 ||
        su postgres -c "createuser '$GRADER'"
    su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='$COURSE'\"" | grep -q 1 ||
        su postgres -c "createdb --owner='$GRADER' '$COURSE'"
    say "gradebook: REPAIRLAB_GRADEBOOK_URL=postgresql://$GRADER@/$COURSE?host=/var/run/postgresql"
fi

# 8. The hub's state (its database and cookie secret): root only.
mkdir -p "$PREFIX/hub"
chmod 700 "$PREFIX/hub"

say "done. Start the hub with:"
say "  sudo $ENV/bin/jupyterhub -f $HERE/jupyterhub_config.py"
