"""nbgrader's global configuration on the hub, for everyone (learners, instructors, the grader).

setup.sh installs it as <env>/etc/jupyter/nbgrader_config.py. The course's own settings (its
root, the gradebook) live in the course folder's nbgrader_config.py (instructor/ in the repo),
which only the formgrader service reads.
"""

import os

c = get_config()  # noqa: F821

# One course on this hub. Its name is also the name of the formgrader service (/services/repairlab).
c.CourseDirectory.course_id = os.environ.get("REPAIRLAB_COURSE_ID", "repairlab")

# The exchange on storage every single-user server sees. nbgrader names a submission by the
# operating-system user who makes it, which is why every learner has their own Linux account here
# (on Kubernetes, where every pod runs as the same user, use a REST exchange: see README.md).
c.Exchange.root = os.environ.get("REPAIRLAB_EXCHANGE", "/srv/nbgrader/exchange")
