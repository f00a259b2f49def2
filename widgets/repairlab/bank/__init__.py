"""The vignette bank: one schema, one loader, typed items for the rest of the code."""

from repairlab.bank.bank import Bank
from repairlab.bank.issues import BankError, BankIssue
from repairlab.bank.loader import check_paths, load_bank
from repairlab.bank.schema import ExemplaryResponse, PoorResponse, Vignette
from repairlab.bank.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "Bank", "BankError", "BankIssue", "ExemplaryResponse", "PoorResponse", "Taxonomy",
    "Vignette", "check_paths", "load_bank", "load_taxonomy",
]
