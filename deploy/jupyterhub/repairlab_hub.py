"""Helpers for jupyterhub_config.py (kept apart so tests can import them without a hub).

- ``hub_username``: the hub and Linux user name made from an LMS identity (the same rule as
  ``repairlab.course.lms_export.hub_username``, so grades exported for the LMS find the student;
  tests/test_jupyterhub.py checks the two agree).
- ``lti_post_auth_hook``: after an LTI 1.3 launch, names the user and puts instructors and
  teaching assistants of the LMS course in the ``formgrade-<course>`` group.
- ``ensure_system_user``: a pre-spawn hook creating the Linux account of a first-time learner
  (LTI users have none yet), with a private home.
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess

_INVALID = re.compile(r"[^a-z0-9_.-]+")

LTI_ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"
# LIS v2 role URIs (LTI 1.3 core, appendix A.2) that may grade: instructors, teaching assistants,
# and (Moodle sends it for editing teachers) content developers.
GRADER_ROLES = (
    "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
    "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
    "http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper",
)


def hub_username(identity: str) -> str:
    name = identity.strip().lower()
    if "@" in name:
        name = name.split("@", 1)[0]
    name = _INVALID.sub("-", name).strip("-.")
    if not name or not name[0].isalpha():
        name = "u" + name
    return name[:32]


def is_grader(claims: dict) -> bool:
    roles = claims.get(LTI_ROLES) or []
    return any(role in GRADER_ROLES or role.endswith("#Instructor") for role in roles)


def make_lti_post_auth_hook(course_id: str):
    group = f"formgrade-{course_id}"

    def hook(authenticator, handler, auth_model):
        claims = auth_model.get("auth_state") or {}
        auth_model["name"] = hub_username(auth_model["name"])
        # Group membership follows the LMS on every launch (Authenticator.manage_groups = True).
        auth_model["groups"] = [group] if is_grader(claims) else []
        return auth_model

    return hook


def ensure_system_user(spawner) -> None:
    """Create the learner's Linux account on first spawn (LocalProcessSpawner needs one)."""
    name = spawner.user.name
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    if os.environ.get("REPAIRLAB_CREATE_USERS", "1") != "1":
        raise RuntimeError(f"no Linux user {name!r} and REPAIRLAB_CREATE_USERS is off")
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    home = pwd.getpwnam(name).pw_dir
    os.chmod(home, 0o700)  # a learner's progress and drafts are theirs alone
