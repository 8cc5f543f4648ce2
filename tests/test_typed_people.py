"""The person a function acts for is typed (read from the code: AST).

A parameter named `user`, `by`, `actor` or `viewer` in the application's code says whom it serves or who
acts; its annotation says whether an anonymous visitor may be among them (`accounts.models.AnyUser`), a
signed-in person is required (`User`), or, in the apps below accounts, core's `Person` protocol. `Any` and
no annotation hide that choice, so they are refused — except in a queryset's `for_member`/`for_anonymous`,
which implement core's access rule with core's signature.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = {"user", "by", "actor", "viewer"}
RULE_METHODS = {"for_member", "for_anonymous"}
SKIPPED_DIRECTORIES = {".venv", "docs", "benchmarks", "var", "tests", "migrations", "node_modules", "static"}


def _untyped(source: str) -> list[tuple[int, str, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or node.name in RULE_METHODS:
            continue
        arguments = node.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if argument.arg not in PEOPLE:
                continue
            annotation = ast.unparse(argument.annotation) if argument.annotation else ""
            if annotation in ("", "Any", "Any | None", "Optional[Any]"):
                found.append((node.lineno, node.name, argument.arg))
    return found


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRECTORIES & set(relative.parts[:-1]) or relative.name == "conftest.py":
            continue
        yield relative.as_posix(), path


def test_every_person_parameter_is_typed():
    untyped = [
        f"{name}:{line} {function}({argument})"
        for name, path in _modules()
        for line, function, argument in _untyped(path.read_text())
    ]
    assert untyped == [], "type these as AnyUser, User or Person:\n" + "\n".join(untyped)


def test_the_check_finds_an_untyped_person_and_spares_the_access_rule():
    source = """
def accept(*, lead, by): ...
def search(user: Any = None): ...
def shown(user: AnyUser, viewer: "User | None" = None): ...
class Rule:
    def for_member(self, user, action): ...
"""
    assert _untyped(source) == [(2, "accept", "by"), (3, "search", "user")]
