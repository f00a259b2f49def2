# Shared by scripts/start and scripts/test: the project-local environment in .venv.
# It is (re)installed only when pyproject.toml or the Voilà template changes, so the second run starts at once.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "repairlab needs Python 3.11 or newer; none was found on PATH." >&2
    return 1
}

# ensure_env [EXTRAS]: create .venv and install repairlab (with EXTRAS, e.g. "test") into it.
ensure_env() {
    local extras="${1:-}" target="$ROOT" stamp want
    [[ -n "$extras" ]] && target="$ROOT[$extras]"
    stamp="$VENV/.installed${extras:+-$extras}"
    # Reinstall when the project or its installed template changes (the template is copied, not linked).
    want="$(find "$ROOT/pyproject.toml" "$ROOT/share/jupyter/voila/templates/repairlab" -type f -print0 |
        sort -z | xargs -0 cat | sha256sum | cut -d' ' -f1)"
    if [[ ! -x "$VENV/bin/python" ]]; then
        echo "Creating the project environment in .venv ..."
        "$(find_python)" -m venv "$VENV"
    fi
    if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
        echo "Installing repairlab${extras:+ with [$extras]} into .venv (first run takes a few minutes) ..."
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$target"
        echo "$want" >"$stamp"
    fi
}

# ensure_browser: the browser tests drive Debian's Chromium (never a downloaded browser build).
ensure_browser() {
    if command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing Debian's chromium for the browser tests ..."
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
        echo "Note: chromium is not installed; the browser tests will be skipped" \
             "(install it with: sudo apt-get install chromium)." >&2
    fi
}
