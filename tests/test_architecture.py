"""The house's layers: every import in ``partners`` points down (or sideways within a layer), never back up.

The layers, lowest first, are ``LAYERS``; ``docs/architecture.md`` explains them. Deferred imports inside functions
count too: they are how cycles hide.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "partners"

LAYERS = [
    {"models", "validators", "roles", "registry"},  # the domain and the entity registry's store
    {"reporting"},  # derived figures kept by triggers
    {"ui", "templatetags"},  # widgets, autocomplete sources, template filters
    {"filtersets", "tables"},  # what a list can filter and show
    {"selectors"},  # reads
    {"services"},  # writes
    {"transfer"},  # import and export of files
    {"forms"},  # input
    {"views"},  # pages
    {"entities", "urls", "admin", "management", "seed", "apps", "middleware", "third_party_messages"},  # wiring
]
LAYER_OF = {room: level for level, rooms in enumerate(LAYERS) for room in rooms}
IGNORED = {"migrations", "__init__"}


def room_of(module: str) -> str | None:
    """``partners.selectors.events`` → ``selectors``; the package itself (``partners``) has no room."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "partners" else None


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, package_root: Path = PACKAGE) -> list[tuple[int, str]]:
    """(line, absolute module) of every import of ``path``, relative ones resolved; ``from X import y`` gives X.y
    too, since y may be a module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    here = module_name(path, package_root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.append((node.lineno, module))
            if not node.module or node.level:
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def upward_imports(package: Path = PACKAGE) -> list[str]:
    problems = []
    for path in sorted(package.rglob("*.py")):
        source_room = room_of(module_name(path, package))
        if source_room is None or source_room in IGNORED:
            continue
        if source_room not in LAYER_OF:
            problems.append(f"{path.relative_to(package.parent)}: '{source_room}' is in no layer (add it to LAYERS)")
            continue
        seen = set()
        for line, module in imported_modules(path, package):
            target_room = room_of(module)
            if target_room is None or target_room in IGNORED or target_room not in LAYER_OF or line in seen:
                continue
            if LAYER_OF[target_room] > LAYER_OF[source_room]:
                seen.add(line)
                problems.append(f"{path.relative_to(package.parent)}:{line}: {source_room} imports {module} (up)")
    return problems


def test_no_import_runs_back_up_a_layer():
    problems = upward_imports()
    assert not problems, "\n".join(problems)


def test_the_check_sees_an_upward_import(tmp_path):
    """A check that cannot fail proves nothing: an upward import written into a copy is reported."""
    package = tmp_path / "partners"
    (package / "tables").mkdir(parents=True)
    (package / "views").mkdir()
    (package / "tables" / "meetings.py").write_text("def f():\n    from ..views.meetings import MeetingListView\n")
    (package / "views" / "meetings.py").write_text("from ..tables.meetings import f\n")
    problems = upward_imports(package)
    assert problems == ["partners/tables/meetings.py:2: tables imports partners.views.meetings (up)"]


@pytest.mark.parametrize("room", sorted({p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name[0] != "_"}))
def test_every_package_has_a_layer(room):
    assert room in LAYER_OF or room in IGNORED, f"partners/{room}/ is in no layer of LAYERS"
