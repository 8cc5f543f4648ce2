"""docs/examples/harbour.py, the client every example shares: its token command is the real one, and it says
what went wrong with a call."""

from pathlib import Path

import pytest

from accounts.management.commands.token import Command

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"


@pytest.fixture
def harbour(monkeypatch):
    monkeypatch.syspath_prepend(str(EXAMPLES))
    import harbour

    return harbour


@pytest.mark.parametrize(
    ("cli", "program"), [(None, ["ipharbour"]), ("python manage.py", ["python", "manage.py"])]
)
def test_a_missing_token_is_made_with_the_real_command_line(harbour, monkeypatch, cli, program):
    if cli is None:
        monkeypatch.delenv("IPHARBOUR_CLI", raising=False)
    else:
        monkeypatch.setenv("IPHARBOUR_CLI", cli)
    command = harbour.token_command("alice@example.com", "deal_flow")
    assert command[: len(program)] == program
    parsed = Command().create_parser(program[-1], "token").parse_args(command[len(program) + 1 :])
    assert (parsed.action, parsed.user, parsed.scope) == ("create", "alice@example.com", "read-write")


def test_missing_tokens_are_named_with_what_to_set(harbour, monkeypatch):
    for role in ("SELLER", "BUYER", "BD"):
        monkeypatch.delenv(f"IPHARBOUR_TOKEN_{role}", raising=False)
        monkeypatch.delenv(f"IPHARBOUR_EMAIL_{role}", raising=False)
    monkeypatch.setenv("IPHARBOUR_TOKEN_BD", "iph_bd")
    with pytest.raises(harbour.StepFailed, match="IPHARBOUR_TOKEN_BUYER") as refused:
        harbour.tokens_for("deal_flow", ("SELLER", "BUYER"), fallbacks={"SELLER": ("BD",)})
    assert "SELLER" not in str(refused.value)  # the seller's lead fell back on IPHARBOUR_TOKEN_BD


def test_only_http_addresses_are_called(harbour):
    with pytest.raises(harbour.StepFailed, match="http"):
        harbour.Client("file:///etc/passwd", {})


@pytest.mark.django_db(transaction=True)
def test_a_refused_call_names_the_request_the_role_and_the_problem(harbour, live_server):
    client = harbour.Client(live_server.url, {"BUYER": "iph_not-a-token"})
    with pytest.raises(harbour.StepFailed, match=r"GET /api/v1/me as buyer: 401"):
        client.call("BUYER", "GET", "/api/v1/me")
    assert client.expect(401, "BUYER", "GET", "/api/v1/me")["status"] == 401
