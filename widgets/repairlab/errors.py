"""The one base class for errors a learner, an author or an instructor can act on.

Each subclass's message says what is wrong and what to do, in words for the person who meets
it (a damaged progress store, a missing data file, a malformed vignette or answer file). The
notebooks' one-line calls turn these into a card on the page (``repairlab.ui``), because Voilà
hides tracebacks and would otherwise show only a generic error.
"""

from __future__ import annotations


class RepairlabError(Exception):
    """Something the person can fix or report; the message is written for them."""

    #: A short heading for the card a learner sees.
    title = "Something needs your attention"
