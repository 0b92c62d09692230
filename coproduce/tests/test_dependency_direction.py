"""No app imports one built on it (ARCHITECTURE.md, "Dependency direction"), not even inside
a function: a lower app learns of higher ones only through the registries it hands out."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# lib <- organisations <- audit, people <- voices <- themes, projects <- reciprocity,
# commissioning, assessments, community <- reports, demo. Apps at one level may import each
# other; the apps the document does not name sit where what they import puts them.
LEVEL = {"lib": 0, "organisations": 1, "audit": 2, "people": 2, "imports": 2, "notices": 3,
         "voices": 3, "themes": 4, "projects": 4, "sortition": 5, "reciprocity": 5,
         "commissioning": 5, "assessments": 5, "community": 5, "budgets": 5, "reports": 6,
         "demo": 7}

# Older than the rule's test, and each needs organisations reshaped: membership changes are
# audited from organisations' own methods, a new organisation gets People's journey stages,
# and `restore` checks the People encryption key.
KNOWN = {("organisations/models.py", "audit"), ("organisations/models.py", "people"),
         ("organisations/management/commands/restore.py", "people")}


def upward_imports() -> set[tuple[str, str]]:
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] not in LEVEL or "tests" in parts or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            modules = ([node.module] if isinstance(node, ast.ImportFrom) and node.module else
                       [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for module in modules:
                other = module.split(".")[1] if module.startswith("coproduce.") else ""
                if LEVEL.get(other, -1) > LEVEL[parts[0]]:
                    found.add(("/".join(parts), other))
    return found


def test_no_app_imports_one_built_on_it() -> None:
    assert upward_imports() - KNOWN == set()


def test_the_check_would_notice_an_upward_import(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    app = tmp_path / "voices"
    app.mkdir()
    (app / "forms.py").write_text("def f():\n    from coproduce.projects.models import Project\n")
    import coproduce.tests.test_dependency_direction as this

    monkeypatch.setattr(this, "ROOT", tmp_path)
    assert upward_imports() == {("voices/forms.py", "projects")}
