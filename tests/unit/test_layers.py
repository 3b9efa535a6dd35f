"""The UI-free package's layers import only downwards, and none of them imports Streamlit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "run_inspector"
# The order data flows in (docs: README "How it is built"); a layer may import its own rank
# or lower. collector_pause and the fake API serve every layer and import none of ours.
RANKS = {
    "collector_pause": 0,
    "fake_api": 0,
    "references": 0,
    "wire": 1,
    "model": 1,
    "adapters": 2,
    "api": 3,
    "settings": 4,
    # Who may enter when sign-in is on, and the audit trail: beside the settings.
    "access": 4,
    "audit": 4,
    "analysis": 4,
    # Fetching, sniffing and drawing a cited source file: beside analysis, below loading.
    "source": 4,
    "presentation": 5,
    "loading": 5,
    "demo": 6,
}
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_every_module_belongs_to_a_ranked_layer() -> None:
    assert {layer_of(p) for p in MODULES} <= set(RANKS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_no_layer_above_its_own(path: Path) -> None:
    own = RANKS[layer_of(path)]
    above = {
        name
        for name in imported(path)
        if name.startswith("run_inspector.") and RANKS[name.split(".")[1]] > own
    }
    assert not above, f"{layer_of(path)} (rank {own}) imports {sorted(above)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_streamlit(path: Path) -> None:
    assert not {n for n in imported(path) if n.split(".")[0] == "streamlit"}


@pytest.mark.parametrize(
    "path", [p for p in MODULES if layer_of(p) == "model"], ids=lambda p: p.name
)
def test_the_model_knows_no_wire_format(path: Path) -> None:
    """Model and wire share a rank, but only the adapters may join them."""
    assert not {n for n in imported(path) if n.startswith("run_inspector.wire")}
