"""nbgrader configuration for the repairlab course (the course folder is this file's folder)."""

import os
from pathlib import Path

COURSE_ROOT = Path(__file__).resolve().parent

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "repairlab"
c.CourseDirectory.root = str(COURSE_ROOT)

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
