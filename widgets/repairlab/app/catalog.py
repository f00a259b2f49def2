"""The list of modules, read from each notebook's ``repairlab`` metadata (title, minutes, order)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from repairlab import paths


@dataclass(frozen=True)
class Module:
    stem: str
    file: str
    title: str
    minutes: int
    order: int
    summary: str = ""


def modules() -> list[Module]:
    found = []
    for path in sorted(paths.modules_dir().glob("*.ipynb")):
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("repairlab")
        if not meta:
            continue  # the landing page itself, or a scratch notebook
        found.append(Module(path.stem, path.name, meta["title"], int(meta["minutes"]), int(meta["order"]),
                            meta.get("summary", "")))
    return sorted(found, key=lambda m: m.order)
