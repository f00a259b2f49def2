"""nbgrader configuration for the repairlab course (the course folder is this file's folder)."""

import os
import sys
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

# nbgrader runs `alembic` (and starts kernels) by name from PATH. Called as ../.venv/bin/nbgrader from
# a shell whose PATH does not include the environment, that fails ("No such file or directory:
# 'alembic'") and the generated assignment is removed. Put this interpreter's bin folder first.
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

c.CourseDirectory.course_id = os.environ.get("REPAIRLAB_COURSE_ID", "repairlab")
c.CourseDirectory.root = str(COURSE_ROOT)

# The gradebook: SQLite in this folder on a single machine (nbgrader's default); on a hub, a
# PostgreSQL database (deploy/jupyterhub/README.md), e.g.
# REPAIRLAB_GRADEBOOK_URL=postgresql://grader-repairlab@/repairlab?host=/run/postgresql
if os.environ.get("REPAIRLAB_GRADEBOOK_URL"):
    c.CourseDirectory.db_url = os.environ["REPAIRLAB_GRADEBOOK_URL"]

# The grading cells find the answer keys (keys/, never released) through this variable; the
# kernels nbgrader starts for autograding inherit it.
os.environ["REPAIRLAB_COURSE_ROOT"] = str(COURSE_ROOT)

# Students' answers travel in answers.json beside the notebook: collect it, keep it small.
c.CourseDirectory.max_file_size = 1000  # kilobytes

# Each assignment folder holds the notebook and the public items.json; nothing else is released.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# A local exchange for a single machine; on JupyterHub point this at shared storage.
c.Exchange.root = os.environ.get("REPAIRLAB_EXCHANGE", "/srv/nbgrader/exchange")
