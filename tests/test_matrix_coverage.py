"""Every page and every API operation has a row in the permission matrix (tests/matrix.py).

The pages are read from Django's URL resolver, the operations from the OpenAPI schema of /api/v1; the rows are
the `MATRIX` lists of the test modules. Endpoints still without a row are named in
`tests/matrix_uncovered.txt`, which may only shrink: an endpoint listed there that gets a row, or that no
longer exists, fails the test until it leaves the list.
"""

import ast
import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import Row

ROOT = Path(__file__).resolve().parent.parent
UNCOVERED = Path(__file__).with_name("matrix_uncovered.txt")

# URL namespaces and names that are not the platform's own pages, with the reason.
NOT_OURS = {
    "admin": "the operator's back office: Django admin checks staff itself and is not a member's page",
    "api": "the API is covered operation by operation from its OpenAPI schema (below)",
    "set_language": "Django's language switch (i18n/setlang), the same for everyone",
}
# Prefixes of routes served by packages, not by the platform's apps.
NOT_OURS_ROUTES = {
    "accounts/": "allauth's sign-in, sign-up and password pages (its own tests; the same for everyone)",
    "admin/": "the back office (see above)",
    "api/v1/": "the API (see above)",
}


def _walk(patterns, route="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else pattern.namespace
            )
            yield from _walk(pattern.url_patterns, route + str(pattern.pattern), inner or namespace)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield route + str(pattern.pattern), name


def pages() -> set[str]:
    found = set()
    for route, name in _walk(get_resolver().url_patterns):
        if any(route.startswith(prefix) for prefix in NOT_OURS_ROUTES):
            continue
        if name is None:
            found.add(f"<unnamed page {route}>")  # every page needs a name to have a row
        elif name not in NOT_OURS and name.split(":")[0] not in NOT_OURS:
            found.add(name)
    return found


def operations() -> set[str]:
    from ipharbour.api import api

    schema = api.get_openapi_schema()
    return {f"{method.upper()} {path}" for path, item in schema["paths"].items() for method in item}


def matrix_modules() -> list[str]:
    """Test modules with a module-level MATRIX list (read from the code, then imported)."""
    found = []
    for path in sorted(ROOT.glob("*/tests/test_*.py")) + sorted(ROOT.glob("tests/test_*.py")):
        if ".venv" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets: list[ast.expr] = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            elif isinstance(node, ast.AnnAssign):
                targets = [node.target]
            if any(isinstance(t, ast.Name) and t.id == "MATRIX" for t in targets):
                found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


def rows() -> list[Row]:
    collected: list[Row] = []
    for name in matrix_modules():
        collected.extend(importlib.import_module(name).MATRIX)
    return collected


def uncovered_list() -> list[str]:
    lines = UNCOVERED.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_row_names_an_endpoint_that_exists():
    endpoints = pages() | operations()
    assert sorted({row.endpoint for row in rows()} - endpoints) == []


def test_every_page_and_operation_has_a_row_or_is_listed_as_still_uncovered():
    covered = {row.endpoint for row in rows()}
    missing = sorted((pages() | operations()) - covered - set(uncovered_list()))
    assert missing == [], "no permission-matrix row for:\n" + "\n".join(missing)


def test_the_list_of_uncovered_endpoints_only_shrinks():
    listed = uncovered_list()
    assert len(listed) == len(set(listed)), "listed twice"
    covered = {row.endpoint for row in rows()}
    now_covered = sorted(set(listed) & covered)
    assert now_covered == [], "covered now, remove from tests/matrix_uncovered.txt:\n" + "\n".join(
        now_covered
    )
    gone = sorted(set(listed) - pages() - operations())
    assert gone == [], "no longer exist, remove from tests/matrix_uncovered.txt:\n" + "\n".join(gone)


def test_rows_checked_by_their_own_test_name_one_that_exists():
    for name in matrix_modules():
        module = importlib.import_module(name)
        for row in module.MATRIX:
            assert not row.checked_by or callable(getattr(module, row.checked_by, None)), (name, str(row))


def test_the_matrix_modules_are_found():
    assert "tests.test_permission_matrix" in matrix_modules()
