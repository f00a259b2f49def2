"""The one bibliography every citation key must resolve to (``data/bibliography.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repairlab import paths
from repairlab.bank.yamlsource import load_data


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    year: int
    title: str
    published_in: str

    def apa(self) -> str:
        """A reference-list line in APA-like style."""
        title = self.title.rstrip(".")
        return f"{self.authors} ({self.year}). {title}. {self.published_in}."


def load_bibliography(path: Path | None = None) -> dict[str, Reference]:
    path = path or paths.bibliography_file()
    raw = load_data(path.read_text(encoding="utf-8")) or {}
    return {
        key: Reference(key, spec["authors"], int(spec["year"]), spec["title"], spec["published_in"])
        for key, spec in raw.items()
    }
