"""A check that reads the code: pages and endpoints look up restricted models only through the access base.

In the modules that serve people (every app's `views.py`, `*_views.py`, `views/*.py`, `home.py`,
`inputs_page.py`, `api.py`, `api/*.py`, and the forms
whose choices they show, `forms.py`, `forms/*.py`), a lookup on a
model whose manager is a `core.access.RestrictedQuerySet` (`Model.objects.get/filter/all/…`, or
`get_object_or_404(Model, …)`) must pass through `restrict(user, action)` or `visible_to(user)` somewhere in
its chain, or through one of the queryset's own scopes of the person's organisations (`of_member`,
`of_seller`), which are narrower than what the person may see (`none()` reaches nothing and passes too). Anything else is a violation, unless the
allow-list in `tests/test_access_lint.py` names it with a reason.

Only the chain that starts at `Model.objects` is read: `Listing.objects.visible_to(user).filter(...)` passes,
`Listing.objects.filter(...).first()` does not. Related managers (`room.documents.all()`) start from an object
that was itself looked up through the base, and are not checked.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

# Chain methods that narrow a queryset to what a person may see or own.
NARROWING = {"restrict", "visible_to", "of_member", "of_seller", "none"}
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}


@dataclass(frozen=True, order=True)
class Violation:
    path: str
    function: str
    model: str
    line: int

    @property
    def key(self) -> str:
        return f"{self.path}::{self.function}::{self.model}"

    def __str__(self) -> str:
        return f"{self.path}:{self.line} in {self.function}(): {self.model} looked up without restrict()"


def restricted_models() -> set[str]:
    """The class names of every installed model whose default manager is built on RestrictedQuerySet."""
    from django.apps import apps

    from core.access import RestrictedQuerySet

    return {
        model.__name__
        for model in apps.get_models()
        if isinstance(model._default_manager.get_queryset(), RestrictedQuerySet)
    }


def serving_modules(root: Path) -> list[Path]:
    """Every app's views and API modules under the repository root."""
    found: set[Path] = set()
    for app in root.iterdir():
        if not (app / "apps.py").exists() and not (app / "models.py").exists():
            continue
        for pattern in (
            "views.py",
            "*_views.py",
            "views/*.py",
            "home.py",
            "inputs_page.py",
            "api.py",
            "api/*.py",
            "forms.py",
            "forms/*.py",
        ):
            found.update(app.glob(pattern))
    return sorted(found)


class _Visitor(ast.NodeVisitor):
    def __init__(self, path: str, models: set[str]):
        self.path = path
        self.models = models
        self.functions: list[str] = []
        self.parents: dict[ast.AST, ast.AST] = {}
        self.violations: list[Violation] = []

    def check(self, tree: ast.AST) -> list[Violation]:
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.visit(tree)
        return self.violations

    def _function(self) -> str:
        return ".".join(self.functions) or "<module>"

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef  # a method is named Class.method

    def _report(self, node: ast.AST, model: str) -> None:
        line = getattr(node, "lineno", 0)
        self.violations.append(Violation(self.path, self._function(), model, line))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        # `Model.objects`: read the chain built on it (`.visible_to(user).filter(...)`).
        model = node.value.id if isinstance(node.value, ast.Name) else ""
        if node.attr in MANAGERS and model in self.models and not self._chain(node) & NARROWING:
            self._report(node, model)
        self.generic_visit(node)

    def _chain(self, node: ast.AST) -> set[str]:
        names: set[str] = set()
        current = node
        while True:
            parent = self.parents.get(current)
            if isinstance(parent, ast.Attribute) and parent.value is current:
                names.add(parent.attr)
            elif not (isinstance(parent, ast.Call) and parent.func is current):
                return names
            current = parent

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name in SHORTCUTS and node.args:
            first = node.args[0]
            if isinstance(first, ast.Name) and first.id in self.models:
                self._report(node, first.id)
        self.generic_visit(node)


def check_source(source: str, path: str, models: set[str]) -> list[Violation]:
    return _Visitor(path, models).check(ast.parse(source, filename=path))


def check_tree(root: Path, models: set[str] | None = None) -> list[Violation]:
    models = restricted_models() if models is None else models
    violations: list[Violation] = []
    for module in serving_modules(root):
        relative = module.relative_to(root).as_posix()
        violations.extend(check_source(module.read_text(encoding="utf-8"), relative, models))
    return sorted(violations)
