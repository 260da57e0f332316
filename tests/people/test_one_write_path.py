"""No code but the people services creates a Person: the source is walked, so a new
`Person.objects.create(...)`, `Person(...)` or bulk insert anywhere else fails here."""

import ast
from pathlib import Path

import ptdv

ROOT = Path(ptdv.__file__).resolve().parent
TESTS = Path(__file__).resolve().parents[1]
ALLOWED = {ROOT / "people" / "services" / "persons.py", ROOT / "people" / "models.py"}
WRITES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def person_creations(path: Path) -> list[str]:
    """`file:line` of every call that builds or inserts a Person in `path`."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        # Person(...): an unsaved row, only ever built to be inserted
        if (isinstance(func, ast.Name) and func.id == "Person") or (
            isinstance(func, ast.Attribute)
            and func.attr in WRITES
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "objects"
            and isinstance(func.value.value, ast.Name)
            and func.value.value.id == "Person"
        ):
            found.append(f"{path}:{node.lineno}")
    return found


def test_the_walker_sees_a_person_created_outside_the_services(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Person.objects.create(full_name='x')\n"
        "Person.objects.bulk_create([])\n"
        "rows = [Person(full_name='y')]\n"
        "Member.objects.create()\n"
    )
    assert [line.rsplit(":", 1)[1] for line in person_creations(sample)] == ["1", "2", "3"]


def test_no_code_outside_the_people_services_creates_a_person():
    offenders = []
    for base in (ROOT, TESTS):
        for path in sorted(base.rglob("*.py")):
            if path in ALLOWED or "migrations" in path.parts:
                continue
            offenders += person_creations(path)
    assert offenders == []
