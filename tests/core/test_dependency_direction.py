"""The apps depend on each other in one direction (docs/architecture.md): a module of an app
imports only apps of its own level or below, at the top of the file or inside a function
alike. The source is walked, so a new upward import fails here with its file and line."""

import ast
from pathlib import Path

import ptdv

ROOT = Path(ptdv.__file__).resolve().parent

# Lowest first; apps on one line are of the same level and do not import each other.
LEVELS = [
    ("core",),
    ("organizations",),
    ("accounts",),
    ("people",),
    ("training",),
    ("recruitment",),
    ("targets",),
    ("reports", "imports"),
    ("documents",),
    ("api", "demo"),
]
LEVEL = {app: level for level, apps in enumerate(LEVELS) for app in apps}

# The few uses of a higher app, each with its reason (docs/architecture.md says them too).
ALLOWED = {
    # The audit trail and the permission table serve every app's services and pages; the
    # accounts app sits above organizations only because a user belongs to a unit.
    ("organizations/services.py", "ptdv.accounts.audit"),
    ("organizations/services.py", "ptdv.accounts.models"),
    ("organizations/services.py", "ptdv.accounts.permissions"),
    ("organizations/views.py", "ptdv.accounts.models"),
    ("organizations/views.py", "ptdv.accounts.permissions"),
    ("organizations/api.py", "ptdv.accounts.permissions"),
    # A reorganisation is a service too: it writes its audit rows, reads the units'
    # accounts (history) and moves or closes the accounts of dissolved units.
    ("organizations/reorganisation.py", "ptdv.accounts.audit"),
    ("organizations/reorganisation_steps.py", "ptdv.accounts.audit"),
    ("organizations/reorganisation_steps.py", "ptdv.accounts.models"),
    ("organizations/history.py", "ptdv.accounts.models"),
    ("organizations/accounts_follow.py", "ptdv.accounts.audit"),
    ("organizations/accounts_follow.py", "ptdv.accounts.models"),
    ("organizations/accounts_follow.py", "ptdv.accounts.permissions"),
    # Every app's API module is built on the scoped view sets of the API app.
    *((f"{app}/api.py", "ptdv.api.base") for app in LEVEL),
    ("accounts/calendar_api.py", "ptdv.api.base"),
    # The briefing PDF of the reports borrows the header and chart of the Party documents.
    ("reports/views.py", "ptdv.documents.periodic"),
    # The largest request follows the largest import file.
    ("core/middleware.py", "ptdv.imports.conf"),
    # The legal values (probation months) are configuration, read where a rule applies.
    ("people/services/members.py", "ptdv.recruitment.rules"),
}


def upward_imports(root: Path) -> list[str]:
    """`file:line imports module` for every import of a higher app under `root`."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] not in LEVEL or "migrations" in parts:
            continue
        name = "/".join(parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules = [node.module]
                if node.module.count(".") == 1:  # from ptdv.app import module
                    modules = [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            else:
                continue
            for module in modules:
                target = module.split(".")
                if len(target) < 2 or target[0] != "ptdv" or target[1] not in LEVEL:
                    continue
                if LEVEL[target[1]] <= LEVEL[parts[0]] or target[1] == parts[0]:
                    continue
                if any(name == file and module.startswith(allowed) for file, allowed in ALLOWED):
                    continue
                found.append(f"{name}:{node.lineno} imports {module}")
    return found


def test_the_walker_sees_an_upward_import_at_the_top_or_in_a_function(tmp_path):
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "sample.py").write_text(
        "from ptdv.recruitment.models import Dossier\n"
        "from ptdv.organizations.models import Organization\n"
        "def f():\n"
        "    from ptdv.training import services\n"
        "    import ptdv.reports.figures\n"
    )
    assert upward_imports(tmp_path) == [
        "people/sample.py:1 imports ptdv.recruitment.models",
        "people/sample.py:4 imports ptdv.training.services",
        "people/sample.py:5 imports ptdv.reports.figures",
    ]


def test_no_app_imports_a_higher_app():
    assert upward_imports(ROOT) == []


def test_the_architecture_document_states_the_same_order():
    text = (ROOT.parents[1] / "docs" / "architecture.md").read_text(encoding="utf-8")
    stated = " ← ".join(" / ".join(f"`{app}`" for app in apps) for apps in LEVELS)
    assert stated in text
