"""The permission matrix: one row per page or API operation, with the status each viewpoint gets.

A test module declares its rows in a module-level list named `MATRIX` and runs them with `check(...)`:

    MATRIX = [
        Row("assets:detail", (200, 200, 200, 200, 200), params={"pk": "public"}),
        Row("GET /api/v1/assets/{asset_id}", (404, 404, 200, 200, 200), params={"asset_id": "secret"}),
    ]

    @pytest.mark.parametrize("row", MATRIX, ids=str)
    def test_matrix(row, client_as, users, world):
        check(row, lambda viewpoint: client_as(users[viewpoint]), lambda key: world[key].pk)

The endpoint is a page's URL name (`app:name`, reversed with `params`) or an API operation as the OpenAPI schema
of /api/v1 names it (`METHOD /api/v1/path/{param}`, formatted with `params`), so a row cannot claim an endpoint
it does not request. `params` maps each URL parameter to a key the module resolves to a value (usually a
fixture object's pk), or to a literal value written after "=" ("=claimant"); `query` may name keys too
("valuation={valuation}"), and a body value written "@key" is resolved the same way.
`tests/test_matrix_coverage.py` collects every module's `MATRIX` and fails when a URL pattern or an API operation has no row; each row states a status for all five viewpoints, also where a role
means little for that endpoint (a public page has no "participant": the row still says what a member of the
owning organisation gets). A module may add viewpoints of its own in `extra` (a certifier, a colleague outside
a deal room). A write that must also prove nothing changed for those refused names its own test in
`checked_by`; `generic(MATRIX)` is the rows the module's generic test runs. Writes that every viewpoint must
try on a fresh world are parametrised with `each_viewpoint(rows)` and run with `check_viewpoint`.
"""

import json
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

VIEWPOINTS = ("anonymous", "outsider", "participant", "owner", "staff")
LOGIN = 302  # anonymous visitors of pages that need a login are sent to the login page
API_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Row:
    endpoint: str
    expected: tuple[int, int, int, int, int]
    params: Mapping[str, str] = field(default_factory=dict)
    query: str = ""
    body: Mapping[str, Any] | None = None
    method: str = ""  # pages: "get" unless said; API operations: the method of the endpoint
    extra: Mapping[str, int] = field(default_factory=dict)
    note: str = ""
    # A write whose test must also prove that a refused viewpoint changed nothing: the name of that test
    # function in the same module, which reads the statuses from this row; the module's generic test skips it.
    checked_by: str = ""

    def __post_init__(self):
        if len(self.expected) != len(VIEWPOINTS):
            raise ValueError(f"{self.endpoint}: give one status for each of {', '.join(VIEWPOINTS)}")

    @property
    def is_api(self) -> bool:
        return self.endpoint.split(" ", 1)[0] in API_METHODS

    @property
    def http_method(self) -> str:
        if self.is_api:
            return self.endpoint.split(" ", 1)[0].lower()
        return self.method or "get"

    def payload(self, resolve: Callable[[str], Any]) -> dict[str, Any]:
        """The body, with each value written "@key" (also in a list or a nested object) resolved like a URL
        parameter."""

        def value_of(value: Any) -> Any:
            if isinstance(value, list):
                return [value_of(item) for item in value]
            if isinstance(value, dict):
                return {name: value_of(item) for name, item in value.items()}
            return resolve(value[1:]) if isinstance(value, str) and value.startswith("@") else value

        return {name: value_of(value) for name, value in (self.body or {}).items()}

    def statuses(self) -> dict[str, int]:
        return {**dict(zip(VIEWPOINTS, self.expected, strict=True)), **self.extra}

    def url(self, resolve: Callable[[str], Any]) -> str:
        values = {name: key[1:] if key.startswith("=") else resolve(key) for name, key in self.params.items()}
        if self.is_api:
            url = self.endpoint.split(" ", 1)[1].format(**values)
        else:
            url = reverse(self.endpoint, kwargs=values)
        if not self.query:
            return url
        names = [name for _, name, _, _ in string.Formatter().parse(self.query) if name]
        return f"{url}?{self.query.format(**{name: resolve(name) for name in names})}"

    def __str__(self) -> str:
        label = f"{self.endpoint} {dict(self.params)}" if self.params else self.endpoint
        return f"{label} [{self.note}]" if self.note else label


def generic(rows: list[Row]) -> list[Row]:
    return [row for row in rows if not row.checked_by]


def request(client, row: Row, url: str, resolve: Callable[[str], Any]):
    method = getattr(client, row.http_method)
    if row.is_api and row.http_method != "get":
        return method(url, json.dumps(row.payload(resolve)), content_type="application/json")
    if row.http_method == "post":
        return method(url, row.payload(resolve))
    return method(url)


def _answer(row: Row, viewpoint: str, client, resolve: Callable[[str], Any], secret: bytes | None) -> str:
    """What went wrong for one viewpoint ("" when it got what the row states)."""
    status = row.statuses()[viewpoint]
    url = row.url(resolve)
    response = request(client, row, url, resolve)
    if response.status_code != status:
        return f"{viewpoint} got {response.status_code}, not {status}"
    if row.is_api and status >= 400:
        assert response["Content-Type"].startswith("application/problem+json"), (viewpoint, url)
    if secret is not None and status >= 300:
        assert secret not in response.content, f"{viewpoint} saw the secret on {url}"
    return ""


def check(
    row: Row,
    client_for: Callable[[str], Any],
    resolve: Callable[[str], Any],
    *,
    secret: bytes | None = None,
) -> None:
    """Request the row's endpoint as every viewpoint in turn (reads, and writes whose first success does
    not change what the next viewpoint gets); each gets the status the row states. With `secret`, a refused
    viewpoint's response must not contain it."""
    url = row.url(resolve)
    wrong = [_answer(row, viewpoint, client_for(viewpoint), resolve, secret) for viewpoint in row.statuses()]
    assert not any(wrong), f"{row.http_method.upper()} {url}: " + "; ".join(filter(None, wrong))


def each_viewpoint(rows: list[Row]) -> list[Any]:
    """pytest parameters (row, viewpoint) for writes that each viewpoint must try on a fresh world."""
    import pytest

    return [
        pytest.param(row, viewpoint, id=f"{row}-{viewpoint}") for row in rows for viewpoint in row.statuses()
    ]


def check_viewpoint(row: Row, viewpoint: str, client, resolve: Callable[[str], Any]) -> None:
    wrong = _answer(row, viewpoint, client, resolve, None)
    assert not wrong, f"{row.http_method.upper()} {row.url(resolve)}: {wrong}"
