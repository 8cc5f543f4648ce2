"""Every integer the API reads is bounded, so no id, index or size can overflow a database column."""

import pytest

from core.bounds import MAX_INTEGER

pytestmark = pytest.mark.django_db


def _resolve(schema: dict, spec: dict) -> dict:
    while "$ref" in schema:
        node = spec
        for part in schema["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        schema = node
    return schema


def _unbounded(schema: dict, spec: dict, where: str, seen: set[str]) -> list[str]:
    """The places under `schema` where an integer has no maximum (or no minimum)."""
    ref = schema.get("$ref")
    if ref in seen:
        return []
    seen = seen | {ref} if ref else seen
    schema = _resolve(schema, spec)
    found = []
    if schema.get("type") == "integer" and ("maximum" not in schema or "minimum" not in schema):
        found.append(where)
    for key in ("anyOf", "oneOf", "allOf"):
        for index, option in enumerate(schema.get(key, [])):
            found += _unbounded(option, spec, f"{where}|{key}{index}", seen)
    if "items" in schema:
        found += _unbounded(schema["items"], spec, f"{where}[]", seen)
    for name, prop in schema.get("properties", {}).items():
        found += _unbounded(prop, spec, f"{where}.{name}", seen)
    return found


def test_every_integer_parameter_and_body_field_of_the_api_is_bounded(client):
    spec = client.get("/api/v1/openapi.json").json()
    unbounded = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                where = f"{method.upper()} {path} {parameter['in']}:{parameter['name']}"
                unbounded += _unbounded(parameter.get("schema", {}), spec, where, set())
            for media, content in operation.get("requestBody", {}).get("content", {}).items():
                where = f"{method.upper()} {path} body({media})"
                unbounded += _unbounded(content.get("schema", {}), spec, where, set())
    assert unbounded == [], "\n".join(unbounded)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assets/{big}",
        "/api/v1/listings/{big}",
        "/api/v1/listings/needs/{big}",
        "/api/v1/certification/requests/{big}",
        "/api/v1/valuation/valuations/{big}",
        "/api/v1/ledger/entries/{big}",
        "/api/v1/ledger/entries?start={big}",
        "/api/v1/ledger/proof/consistency?first=1&second={big}",
        "/api/v1/ledger/proof/inclusion?index={big}",
        "/api/v1/assets?page={big}",
    ],
)
def test_an_integer_past_64_bits_is_a_4xx_problem(client, alice, path):
    client.force_login(alice)
    response = client.get(path.format(big=MAX_INTEGER + 1))
    assert 400 <= response.status_code < 500, response.content
    assert response["Content-Type"] == "application/problem+json"


def _int_paths():
    """Every page URL with an integer in its path, with that integer past 64 bits."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and "<int:" in route and not route.startswith("api/"):
                yield route

    import re

    big = str(MAX_INTEGER + 1)
    for route in walk(get_resolver().url_patterns):
        path = re.sub(r"<int:\w+>", big, route)
        yield "/" + re.sub(r"<(?:str|slug):\w+>", "x", path).lstrip("^").rstrip("$")


@pytest.mark.parametrize("path", sorted(set(_int_paths())))
def test_a_page_with_an_id_past_64_bits_is_not_a_server_error(client, alice, path):
    client.force_login(alice)
    assert client.get(path).status_code < 500
