"""Property-based tests of the REST API from its own OpenAPI schema: no input makes the server fail."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from ipharbour.wsgi import application
from tests.factories import make_asset

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests through the raw WSGI app would close the test transaction's connection; Django's own test client
    avoids that the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(db, alice_org):
    make_asset(alice_org, number="CN1A")
    make_asset(alice_org, number="CN2A", visibility="confidential")


@pytest.fixture
def member_token(seeded, alice) -> str:
    """A read-write token of a member of the seeded organisation, so that authenticated operations run too."""
    from accounts.tokens import create_api_token

    return create_api_token(user=alice, name="schemathesis", scope="read-write")[1]


def _check(response) -> None:
    if response.status_code >= 400:
        headers = {name.lower(): values for name, values in response.headers.items()}
        assert headers["content-type"][0].startswith("application/problem+json")


# The examples are shared between the two viewpoints (signed-in calls cost more), keeping the run as long as
# the anonymous one alone took.
@schema.parametrize()
@settings(max_examples=7, deadline=None, suppress_health_check=list(HealthCheck))
@pytest.mark.usefixtures("seeded")
def test_no_input_makes_the_api_fail(case):
    response = case.call()
    case.validate_response(response, checks=[not_a_server_error])
    _check(response)


@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_api_fail_for_a_signed_in_member(case, member_token):
    response = case.call(headers={"Authorization": f"Bearer {member_token}"})
    case.validate_response(response, checks=[not_a_server_error])
    _check(response)
