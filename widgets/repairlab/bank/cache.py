"""A checked bank (or scenario set), kept between page loads, so that a page's kernel does not parse it again.

Every page's kernel loads the vignette bank: about 0.15 CPU-seconds of YAML parsing and checking
on the critical path of a cold page load, for files that change only when an author edits them.
The result of a clean load is pickled into the user's cache folder under a name made from the
bytes of every file it was read from (the vignette files, the taxonomy and the bibliography), of the
code that reads and checks them, and the versions of Python and pydantic. An edited file, a new file or a new release gives a new
name, so a stale bank is never served; a bank with problems is never cached, so every problem is
still reported, with its file, item and field, on every load. The scenarios are kept the same
way (``kind="scenarios"``), named also by the code that checks them. Only the newest few versions
of each are kept.

A cache is never the only copy of anything: one that cannot be read or written is left aside
(the bank is then read from its files, as without a cache). ``REPAIRLAB_CACHE_DIR`` moves it;
``REPAIRLAB_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from repairlab import settings

T = TypeVar("T")
FORMAT = 1
# How many versions of each kind are kept: an author editing files makes a new one at each load, and
# two checkouts sharing the folder (a course's wheel and a developer's tree) need one each.
KEEP = 4


def fingerprint(files: Iterable[Path], code: Iterable[Path] = ()) -> str:
    """A name for what is read from ``files``, which changes when any byte of them does, or of the
    code that reads them (this package, and the folders in ``code``)."""
    import pydantic

    digest = hashlib.sha256(f"{FORMAT} {pydantic.VERSION} {sys.version}".encode())
    folders = [Path(__file__).parent, *code]
    sources = sorted(Path(p).resolve() for p in files)
    for path in sources + sorted(p for folder in folders for p in Path(folder).glob("*.py")):
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def cached(files: Iterable[Path], build: Callable[[], T], *, kind: str = "bank", code: Iterable[Path] = ()) -> T:
    """``build()``, or what it returned last time for the same bytes of ``files`` and ``code``.

    ``build`` must raise on a bank with problems (nothing is then cached)."""
    folder = settings.cache_dir()
    if folder is None:
        return build()
    try:
        target = folder / f"{kind}-{fingerprint(files, code)}.pickle"
    except OSError:
        return build()  # a file cannot be read: let the loader say which, as it always does
    try:
        with open(target, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        pass
    except Exception:  # noqa: BLE001 - an unreadable cache is only a slower load
        pass
    value = build()
    _write(target, value)
    _prune(folder, kind, target)
    return value


def _prune(folder: Path, kind: str, written: Path) -> None:
    """Remove all but the ``KEEP`` newest versions of ``kind``, so the folder does not grow with
    every edit of the files (a removed version is only built again if it is asked for)."""
    try:
        versions = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in [p for p in versions if p != written][KEEP - 1:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _write(target: Path, value: object) -> None:
    """Write atomically: a reader sees no file or a whole one, never a half-written pickle."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = tempfile.NamedTemporaryFile(dir=target.parent, prefix=".bank-", delete=False)
    except OSError:
        return
    try:
        with handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, target)
    except Exception:  # noqa: BLE001 - a cache that cannot be written is only a slower next load
        Path(handle.name).unlink(missing_ok=True)
