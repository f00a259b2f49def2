"""Errors the store raises instead of ever resetting a learner's record."""

from repairlab.errors import RepairlabError


class StoreError(RepairlabError):
    """The progress store cannot be used as it is; the message says why and what to do.

    The store never deletes or recreates a file it cannot read: a learner's record is worth
    more than a working session, so we stop and say so.
    """

    title = "Your progress record could not be opened"
