"""Formative feedback on a drafted response: what it does, what pull it gives in to, one thing to try.

``analyse(client, response)`` reads the reply next to the client statement with rules that quote
the words behind every claim, guards against replies that game those rules, and a small learned
model (``model.json``, rebuilt by ``python -m repairlab.feedback.train``). See
docs/how-the-feedback-works.md for what it reads, what it misses and how well it does.
"""

from repairlab.feedback.analysis import Analysis, Evidence, analyse

__all__ = ["Analysis", "Evidence", "analyse"]
