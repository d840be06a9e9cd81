"""The house drawn from the imports: each room imports only what its rule allows, no module imports itself
back through others, only `dashboard/ui/` touches Streamlit, and only the store (and the CLI) opens a
database connection. Read from the source with `ast`, function-level imports included, so a circle
hidden inside a function is found too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# room → the top-level rooms (besides itself) it may import from. "dashboard.x" is a room of dashboard.
ALLOWED = {
    "dashboard": set(),  # the package docstring
    "dashboard.core": {"data_access"},
    "dashboard.charts": {"dashboard.core", "data_access"},
    "dashboard.briefing": {"dashboard.core", "data_access"},
    "dashboard.render": {"dashboard.charts", "dashboard.briefing", "dashboard.core", "data_access"},
    "dashboard.followup": {"dashboard.core", "data_access"},
    "dashboard.ui": {"dashboard.render", "dashboard.charts", "dashboard.briefing", "dashboard.followup",
                     "dashboard.core", "data_access"},
    "dashboard.__main__": {"dashboard.render", "dashboard.briefing", "dashboard.followup", "dashboard.core",
                           "data_access"},
    "dashboard.serve": {"dashboard.ui"},
    "pages": {"dashboard.ui", "dashboard.charts", "dashboard.core", "dashboard.render"},
    "app": {"dashboard.ui"},
    "asgi": {"dashboard.ui"},
    "data_access": set(),
    "seed": {"data_access"},
}
PROJECT = ("dashboard", "pages", "app", "asgi", "data_access", "seed")
STREAMLIT_ROOMS = {"dashboard.ui", "pages", "app", "asgi"}
CONNECTION_OPENERS = {"dashboard/ui/store.py", "dashboard/__main__.py"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def source_files() -> list[Path]:
    files = [ROOT / "app.py", ROOT / "asgi.py"]
    for top in ("dashboard", "pages", "data_access", "seed"):
        files += [p for p in (ROOT / top).rglob("*.py") if "migrations" not in p.parts]
    return sorted(files)


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if module == "dashboard":
        return "dashboard"
    if parts[0] == "dashboard" and len(parts) > 1:
        return f"dashboard.{parts[1]}"
    return parts[0] if parts[0] in PROJECT else None


def imports_of(path: Path) -> list[tuple[str, int]]:
    """Every module this file imports (absolute and relative, top level and inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            out.append((module, node.lineno))
            # `from dashboard.ui import store` imports the module dashboard.ui.store
            out += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return out


def project_modules() -> dict[str, Path]:
    return {module_name(p): p for p in source_files()}


def resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The project module an imported name refers to (the longest known prefix), or None."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def graph() -> dict[str, set[str]]:
    modules = project_modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for name, _ in imports_of(path):
            target = resolve(name, modules)
            if target and target != module and not module.startswith(target + ".") and target != module.rpartition(".")[0]:
                edges[module].add(target)
    return edges


def test_every_room_imports_only_what_its_rule_allows():
    modules = project_modules()
    broken = []
    for module, path in modules.items():
        room = room_of(module)
        assert room in ALLOWED, f"{module}: no rule for room {room}"
        for name, line in imports_of(path):
            target = resolve(name, modules)
            if target in (None, "dashboard"):  # `from dashboard import charts` names the package, then the room
                continue
            target_room = room_of(target)
            if target_room != room and target_room not in ALLOWED[room]:
                broken.append(f"{path.relative_to(ROOT)}:{line} ({room}) imports {target} ({target_room})")
    assert not broken, "\n".join(broken)


def test_only_the_ui_room_imports_streamlit():
    broken = []
    for module, path in project_modules().items():
        if room_of(module) in STREAMLIT_ROOMS:
            continue
        for name, line in imports_of(path):
            if name.split(".")[0] == "streamlit":
                broken.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert not broken, "\n".join(broken)


def test_no_import_cycle():
    edges = graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


def test_no_pure_module_imports_a_ui_module():
    edges = graph()
    pure = [m for m in edges if room_of(m) in ("dashboard.core", "dashboard.charts", "dashboard.briefing",
                                                 "dashboard.render", "dashboard.followup")]
    assert pure, "the pure rooms are empty: the layout moved without this test"
    assert not {(m, t) for m in pure for t in edges[m] if room_of(t) == "dashboard.ui"}


@pytest.mark.parametrize("call", ["make_engine", "create_engine", "connect", "begin"])
def test_only_the_store_and_the_cli_open_a_connection(call):
    found = []
    for path in [p for p in source_files() if p.relative_to(ROOT).parts[0] in ("dashboard", "pages", "app.py")]:
        rel = str(path.relative_to(ROOT))
        if rel in CONNECTION_OPENERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                fn = node.func
                name = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else None
                if name == call:
                    found.append(f"{rel}:{node.lineno}")
    assert not found, f"{call}() outside the store: " + ", ".join(found)


def test_the_rule_itself_catches_a_circle_and_a_forbidden_import(tmp_path, monkeypatch):
    """The checks above must be able to fail: a pure module importing the store is a broken rule."""
    bad = ROOT / "dashboard" / "core" / "_layout_probe.py"
    bad.write_text("from dashboard.ui import store\n", encoding="utf-8")
    try:
        with pytest.raises(AssertionError):
            test_every_room_imports_only_what_its_rule_allows()
        with pytest.raises(AssertionError):
            test_no_pure_module_imports_a_ui_module()
    finally:
        bad.unlink()
