"""The layers stand apart: an import contract over the code's own import statements.

- The residents' face (portal.public) and the staff face (admin) never import each other.
- Services import no view, no form, no request, no cookie session: they get what they need
  as arguments, so they can be tested without HTTP.
- Models import no services and no faces.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Names that are the request, or state kept for one browser: never in the domain.
REQUEST_STATE = {"request", "session", "g"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> list[tuple[str, str | None]]:
    """(module, name) for every import in a file; name is None for `import module`."""
    found = []
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module_name(path).rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, None) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{module}" if module else base
            found += [(module, alias.name) for alias in node.names]
    return found


def modules_under(package: str) -> list[Path]:
    return sorted((ROOT / package.replace(".", "/")).rglob("*.py"))


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offending(package: str, forbidden: list[str]) -> list[str]:
    found = []
    for path in modules_under(package):
        for module, name in imports_of(path):
            full = f"{module}.{name}" if name else module
            if any(within(module, bad) or within(full, bad) for bad in forbidden):
                found.append(f"{module_name(path)} imports {full}")
    return found


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("admin", ["portal.public"]),
        ("portal.public", ["admin"]),
        (
            "portal.services",
            [
                "portal.public",
                "admin",
                "portal.forms",
                "portal.server_session",
                "portal.checked_copies",
            ],
        ),
        ("portal.models", ["portal.services", "portal.public", "admin", "portal.forms"]),
        ("portal.forms", ["portal.public", "admin"]),
    ],
)
def test_a_layer_does_not_import_what_stands_above_or_beside_it(package, forbidden):
    assert offending(package, forbidden) == []


def test_services_never_read_the_request_or_the_session():
    found = [
        f"{module_name(path)} imports {module}.{name}"
        for path in modules_under("portal.services")
        for module, name in imports_of(path)
        if (module == "flask" and name in REQUEST_STATE)
        or module in ("flask.globals", "flask.sessions", "flask_login")
    ]
    assert found == []


def test_the_contract_sees_an_import_it_forbids(tmp_path):
    """The checker itself can fail: a file that breaks the rule is caught."""
    bad = ROOT / "portal" / "services" / "_contract_probe.py"
    bad.write_text("from flask import request\nfrom portal.public import book\n")
    try:
        assert offending("portal.services", ["portal.public"]) != []
        names = [name for _, name in imports_of(bad)]
        assert "request" in names
    finally:
        bad.unlink()


@pytest.mark.parametrize("package", ["admin", "portal.public"])
def test_views_leave_the_unit_of_work_to_services(package):
    """A change, its audit entry and its messages commit in one service function."""
    found = [
        f"{module_name(path)}: {line.strip()}"
        for path in modules_under(package)
        for line in path.read_text().splitlines()
        if any(
            call in line
            for call in (
                "db.session.commit(",
                "db.session.rollback(",
                "db.session.get(",
                "audit.record",
            )
        )
    ]
    assert found == []


# Staff modules that are not pages of their own: the blueprint, its access rules, the menu
# and the session. Their behaviour is tested through every page (tests/security, the
# access matrix) rather than in a module of their own.
NOT_PAGES = {"__init__", "access", "navigation", "staff_session"}


def test_every_staff_view_module_has_its_own_view_test_module():
    views = {path.stem for path in (ROOT / "admin").glob("*.py")} - NOT_PAGES
    tests = {
        path.stem.removeprefix("test_admin_")
        for path in (ROOT / "tests" / "views").glob("test_admin_*.py")
    }

    assert views - tests == set()
