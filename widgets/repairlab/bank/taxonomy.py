"""The vocabulary of the curriculum, read from ``data/taxonomy.yaml``.

Code never lists labels itself: the schema, the widgets and the reports all ask the taxonomy,
so that a new label is one edit in one data file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from repairlab import paths

@dataclass(frozen=True)
class Label:
    key: str
    label: str
    definition: str = ""
    extra: tuple[tuple[str, Any], ...] = ()

    def get(self, name: str, default: Any = None) -> Any:
        return dict(self.extra).get(name, default)


def _labels(section: dict[Any, Any]) -> dict[str, Label]:
    out = {}
    for key, spec in section.items():
        spec = spec or {}
        extra = tuple((k, v) for k, v in spec.items() if k not in ("label", "definition"))
        out[str(key)] = Label(str(key), spec.get("label", str(key)), spec.get("definition", ""), extra)
    return out


@dataclass(frozen=True)
class Taxonomy:
    families: dict[str, Label]
    subtypes: dict[str, dict[str, Label]]
    difficulties: dict[str, Label]
    pools: dict[str, Label]
    modalities: dict[str, Label]
    stages: dict[int, Label]
    strategies: dict[str, Label]
    pulls: dict[str, Label]
    subtype_groups: dict[str, Label]
    tags: dict[str, Label]
    genders: dict[str, Label]
    ethnicity_groups: dict[str, Label]

    @classmethod
    def from_file(cls, path: Path) -> "Taxonomy":
        from repairlab.datafiles import TaxonomyFile, load_data_file

        load_data_file(path, TaxonomyFile)  # checked first: a problem names the file, line and field
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return cls(
            families=_labels(raw["families"]),
            subtypes={fam: _labels(subs) for fam, subs in raw["subtypes"].items()},
            difficulties=_labels(raw["difficulties"]),
            pools=_labels(raw["pools"]),
            modalities=_labels(raw["modalities"]),
            stages={int(k): v for k, v in _labels(raw["stages"]).items()},
            strategies=_labels(raw["strategies"]),
            pulls=_labels(raw["pulls"]),
            subtype_groups=_labels(raw.get("subtype_groups", {})),
            tags=_labels(raw.get("tags", {})),
            genders=_labels(raw.get("genders", {})),
            ethnicity_groups=_labels(raw.get("ethnicity_groups", {})),
        )

    def is_rupture(self, family: str) -> bool:
        spec = self.families.get(family)
        return bool(spec and spec.get("rupture"))

    def scenario_families(self) -> list[str]:
        """The families a scenario can open with (``opens_scenario`` in the taxonomy)."""
        return [key for key, spec in self.families.items() if spec.get("opens_scenario")]

    def difficulty_order(self) -> list[str]:
        """Difficulties from easiest to hardest, in the order the taxonomy lists them."""
        return list(self.difficulties)


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> Taxonomy:
    return Taxonomy.from_file(Path(path))


def load_taxonomy(path: Path | None = None) -> Taxonomy:
    path = path or paths.taxonomy_file()
    return _load(str(path), path.stat().st_mtime)
