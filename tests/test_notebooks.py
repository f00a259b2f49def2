"""Every notebook in modules/ runs top to bottom in a real kernel, with no error output."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "modules").glob("*.ipynb"))


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("REPAIRLAB_STORE", str(tmp_path / "progress.sqlite3"))
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert len(cell.source.strip().splitlines()) <= 2, f"keep notebook code to one-line calls: {cell.source!r}"
        for output in cell.get("outputs", []):
            assert output.output_type != "error", output
            assert not (output.output_type == "stream" and output.name == "stderr"), output.text


def test_there_is_a_landing_page():
    assert any(p.name == "index.ipynb" for p in NOTEBOOKS)


def test_every_module_page_is_built_between_begin_and_finish():
    """A heated kernel waits for its learner in ``ui.finish()`` (app/preheat.py): a module without
    it would be served whole from the moment it was heated, visit and progress included."""
    for path in NOTEBOOKS:
        code = [c.source.strip() for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
        if code and "ui.begin(" in code[0]:
            assert code[-1] == "ui.finish()", f"{path.name}: the last code cell must be ui.finish()"
            assert sum("ui.finish()" in c for c in code) == 1, path.name
