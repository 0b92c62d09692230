"""Grant panels import only the apps below them: lib, organisations, audit, people, voices,
projects. Nothing here reaches sideways (assessments, themes) or up (reports, demo)."""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent
BELOW = {"lib", "organisations", "audit", "people", "voices", "projects", "commissioning"}


def test_it_imports_only_downwards() -> None:
    wrong = []
    for path in APP.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom)
                     and not node.level else [])
            for name in names:
                parts = name.split(".")
                if parts[0] == "coproduce" and len(parts) > 1 and parts[1] not in BELOW:
                    wrong.append(f"{path.relative_to(APP)}: {name}")
    assert not wrong
