"""Read a vignette YAML file, keeping line numbers and refusing duplicate keys.

PyYAML silently keeps the last of two equal keys; an author who pasted a field twice would
never know which one counts. We compose the node tree first, report duplicates, and remember
the line of every field so that later checks can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from repairlab.bank.issues import BankIssue


@dataclass
class SourceFile:
    path: Path
    items: list[Any] = field(default_factory=list)
    # For item i: {"": line of the item, "context.modality": line, "exemplary_responses[0].text": line, ...}
    lines: list[dict[str, int]] = field(default_factory=list)
    issues: list[BankIssue] = field(default_factory=list)

    def line_of(self, index: int, field_path: str | None) -> int | None:
        if index >= len(self.lines):
            return None
        table = self.lines[index]
        path = field_path or ""
        # Walk up the path until some prefix has a recorded line.
        while path:
            if path in table:
                return table[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return table.get("")


def _index_lines(node: yaml.Node, prefix: str, out: dict[str, int]) -> None:
    out.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value)
            path = f"{prefix}.{key}" if prefix else key
            out[path] = key_node.start_mark.line + 1
            _index_lines(value_node, path, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _index_lines(child, f"{prefix}[{i}]", out)


def _duplicate_keys(node: yaml.Node, path: Path, found: list[BankIssue], item: str | None = None) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "id" and isinstance(value_node, yaml.ScalarNode) and item is None:
                item = str(value_node.value)
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                found.append(
                    BankIssue(
                        path,
                        f"key '{key}' appears twice (first on line {seen[key]}); keep one",
                        item=item,
                        field=key,
                        line=line,
                    )
                )
            else:
                seen[key] = line
            _duplicate_keys(value_node, path, found, item)
    elif isinstance(node, yaml.SequenceNode):
        for child in node.value:
            _duplicate_keys(child, path, found, item)


# libyaml's parser, where PyYAML was built with it, is several times faster than the pure-Python
# one; the bank is parsed on every page load, so this is most of a page's start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for lines and duplicate keys) and the data, from one pass of the parser.

    ``yaml.compose`` and then ``yaml.load`` would parse every file twice."""
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def load_data(text: str) -> Any:
    """The data of a YAML document, read with the fast parser (for files without line bookkeeping)."""
    return yaml.load(text, Loader=_LOADER)


def read_source(path: Path) -> SourceFile:
    """Parse one file. Problems are returned in ``SourceFile.issues``; nothing is raised."""
    source = SourceFile(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        source.issues.append(BankIssue(path, f"cannot read the file: {exc}"))
        return source
    try:
        root, data = parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        source.issues.append(BankIssue(path, f"not valid YAML: {problem}", line=line))
        return source

    if root is not None:
        _duplicate_keys(root, path, source.issues)

    if not isinstance(data, dict) or "items" not in data:
        source.issues.append(
            BankIssue(path, "the file must be a mapping with an 'items' list (see AUTHORING.md)", line=1)
        )
        return source
    unknown = sorted(set(data) - {"items"})
    if unknown:
        source.issues.append(
            BankIssue(path, f"unknown top-level key(s) {unknown}; only 'items' is allowed", line=1)
        )
    items = data["items"]
    if not isinstance(items, list):
        source.issues.append(BankIssue(path, "'items' must be a list of vignettes", field="items"))
        return source

    items_node = next(v for k, v in root.value if k.value == "items")
    source.items = items
    for child in items_node.value if isinstance(items_node, yaml.SequenceNode) else []:
        table: dict[str, int] = {}
        _index_lines(child, "", table)
        source.lines.append(table)
    return source


@dataclass
class DocumentSource:
    """A file holding one mapping (a scenario, a skill set) rather than a list of items."""

    path: Path
    data: Any = None
    lines: dict[str, int] = field(default_factory=dict)
    issues: list[BankIssue] = field(default_factory=list)

    def line_of(self, field_path: str | None) -> int | None:
        path = field_path or ""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return self.lines.get("")


def read_document(path: Path) -> DocumentSource:
    """Parse a one-mapping file with the same care as ``read_source``; nothing is raised."""
    source = DocumentSource(path=path)
    try:
        text = path.read_text(encoding="utf-8")
        root, data = parse(text)
    except (OSError, UnicodeDecodeError) as exc:
        source.issues.append(BankIssue(path, f"cannot read the file: {exc}"))
        return source
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        source.issues.append(BankIssue(path, f"not valid YAML: {problem}", line=mark.line + 1 if mark else None))
        return source
    if root is not None:
        _duplicate_keys(root, path, source.issues)
        _index_lines(root, "", source.lines)
    if not isinstance(data, dict):
        source.issues.append(BankIssue(path, "the file must hold one mapping of fields", line=1))
        return source
    source.data = data
    return source
