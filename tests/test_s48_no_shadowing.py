"""No module of the program defines a top-level function or class twice: the second silently replaces the first for
every caller (a second ``_fine_paid`` once broke every deferral notice; a second ``_transfer_guard`` the criminal
threshold's refusal), and ruff does not see it when the first was used before it."""

import ast
import collections
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_top_level_name_is_defined_twice():
    twice = []
    for folder in ("workstation", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            names = collections.Counter(node.name for node in tree.body
                                        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef))
            twice += [f"{path.relative_to(ROOT)}: {name}" for name, count in names.items() if count > 1]
    assert twice == []
