"""API tokens: scope, expiry, revocation by their owner, and their end when trust changes."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from accounts import services, tokens
from accounts.models import ApiToken, Membership
from core.errors import InvalidInput, NotFound

pytestmark = pytest.mark.django_db


def _bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _post_json(client, path: str, body: dict, token: str):
    return client.post(path, json.dumps(body), content_type="application/json", **_bearer(token))


def test_token_gets_the_default_lifetime_from_the_operator_setting(alice, settings):
    settings.API_TOKEN_DAYS = 30
    record, _token = tokens.create_api_token(user=alice, name="laptop")
    lifetime = record.expires_at - record.created_at
    assert timedelta(days=30) - timedelta(minutes=1) < lifetime <= timedelta(days=30)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_token_lifetime_outside_the_bounds_is_refused(alice, settings, days):
    settings.API_TOKEN_MAX_DAYS = 365
    with pytest.raises(InvalidInput):
        tokens.create_api_token(user=alice, name="laptop", days=days)
    assert not ApiToken.objects.exists()


def test_unknown_scope_is_refused(alice):
    with pytest.raises(InvalidInput):
        tokens.create_api_token(user=alice, name="laptop", scope="admin")


def test_expired_token_no_longer_authenticates(alice, client):
    record, token = tokens.create_api_token(user=alice, name="laptop", days=1)
    ApiToken.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.user_for_token(token) is None
    response = client.get("/api/v1/me", **_bearer(token))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_token_use_is_recorded(alice, client):
    record, token = tokens.create_api_token(user=alice, name="laptop")
    assert client.get("/api/v1/me", **_bearer(token)).json()["email"] == alice.email
    record.refresh_from_db()
    assert record.last_used_at is not None


def test_read_only_token_reads_but_may_not_write(alice, alice_org, client):
    _record, token = tokens.create_api_token(user=alice, name="reader", scope="read-only")
    assert client.get("/api/v1/me", **_bearer(token)).status_code == 200
    response = _post_json(client, "/api/v1/tokens", {"name": "escalate", "scope": "read-write"}, token)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "read-only" in response.json()["detail"]
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_read_write_token_may_write(alice, client):
    _record, token = tokens.create_api_token(user=alice, name="writer", scope="read-write")
    response = _post_json(
        client, "/api/v1/tokens", {"name": "second", "scope": "read-only", "days": 7}, token
    )
    assert response.status_code == 201
    body = response.json()
    assert body["token"].startswith("iph_") and body["scope"] == "read-only"
    assert tokens.user_for_token(body["token"]) == alice


def test_owner_lists_only_their_own_tokens_and_never_the_secret(alice, bob, client):
    _mine, token = tokens.create_api_token(user=alice, name="alice-laptop")
    tokens.create_api_token(user=bob, name="bob-laptop")
    body = client.get("/api/v1/tokens", **_bearer(token)).json()
    assert [item["name"] for item in body["items"]] == ["alice-laptop"]
    assert token not in json.dumps(body)
    assert "digest" not in body["items"][0]


def test_owner_revokes_a_token_through_the_api(alice, client):
    record, token = tokens.create_api_token(user=alice, name="old", scope="read-write")
    response = client.post(f"/api/v1/tokens/{record.pk}/revoke", **_bearer(token))
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert tokens.user_for_token(token) is None


def test_another_person_cannot_revoke_a_token_and_learns_nothing(alice, charlie, client):
    record, token = tokens.create_api_token(user=alice, name="alice")
    _charlie_record, charlie_token = tokens.create_api_token(user=charlie, name="c", scope="read-write")
    response = client.post(f"/api/v1/tokens/{record.pk}/revoke", **_bearer(charlie_token))
    assert response.status_code == 404
    assert tokens.user_for_token(token) == alice


def test_owner_creates_and_revokes_a_token_on_the_web_page(alice, client):
    client.force_login(alice)
    page = client.post(reverse("accounts:tokens"), {"name": "script", "scope": "read-only", "days": 10})
    token = re.findall(r'id="new-token">([^<]+)<', page.content.decode())[0]
    record = ApiToken.objects.get(user=alice)
    assert record.scope == "read-only"
    assert tokens.user_for_token(token) == alice
    page = client.get(reverse("accounts:tokens")).content.decode()
    assert record.prefix in page and token not in page
    client.post(reverse("accounts:token_revoke", args=[record.pk]))
    assert tokens.user_for_token(token) is None


def test_web_page_refuses_a_lifetime_above_the_maximum(alice, client, settings):
    settings.API_TOKEN_MAX_DAYS = 30
    client.force_login(alice)
    page = client.post(reverse("accounts:tokens"), {"name": "script", "scope": "read-only", "days": 31})
    assert page.status_code == 200
    assert not ApiToken.objects.exists()


def test_outsider_cannot_revoke_on_the_web_page(alice, charlie, client):
    record, token = tokens.create_api_token(user=alice, name="alice")
    client.force_login(charlie)
    assert client.post(reverse("accounts:token_revoke", args=[record.pk])).status_code == 404
    assert tokens.user_for_token(token) == alice


def test_password_change_on_the_web_ends_every_token(alice, client):
    _record, token = tokens.create_api_token(user=alice, name="laptop")
    client.force_login(alice)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "correct horse battery staple",
            "password1": "a-new-long-passphrase-7",
            "password2": "a-new-long-passphrase-7",
        },
    )
    assert response.status_code == 302
    assert tokens.user_for_token(token) is None
    assert ApiToken.objects.get(user=alice).end_reason == ApiToken.EndReason.PASSWORD_CHANGED


def test_password_reset_by_mail_ends_every_token(alice, client):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    _record, token = tokens.create_api_token(user=alice, name="laptop")
    client.post("/accounts/password/reset/", {"email": alice.email})
    link = re.findall(r"http://testserver(/accounts/password/reset/key/\S+/)", str(mail.outbox[-1].body))[0]
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-new-long-passphrase-7", "password2": "a-new-long-passphrase-7"},
    )
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase-7")
    assert tokens.user_for_token(token) is None


def test_password_set_in_the_back_office_ends_every_token(alice):
    _record, token = tokens.create_api_token(user=alice, name="laptop")
    alice.set_password("another-long-passphrase-3")
    alice.save()
    assert tokens.user_for_token(token) is None


def test_saving_a_person_without_a_new_password_keeps_their_tokens(alice):
    _record, token = tokens.create_api_token(user=alice, name="laptop")
    alice.display_name = "Alice"
    alice.save()
    assert tokens.user_for_token(token) == alice


def test_removal_from_the_organisation_ends_the_persons_tokens(alice, bob, alice_org):
    _record, token = tokens.create_api_token(user=bob, name="laptop")
    services.remove_member(organisation=alice_org, by=alice, user=bob)
    assert not Membership.objects.filter(user=bob, organisation=alice_org).exists()
    assert tokens.user_for_token(token) is None
    assert ApiToken.objects.get(user=bob).end_reason == ApiToken.EndReason.LEFT_ORGANISATION


def test_membership_deleted_in_the_back_office_ends_the_persons_tokens(bob, alice_org):
    _record, token = tokens.create_api_token(user=bob, name="laptop")
    Membership.objects.filter(user=bob, organisation=alice_org).delete()
    assert tokens.user_for_token(token) is None


def test_the_last_administrator_cannot_be_removed(alice, alice_org):
    from core.errors import Conflict

    with pytest.raises(Conflict):
        services.remove_member(organisation=alice_org, by=alice, user=alice)


def test_find_token_does_not_find_another_persons_token(alice, charlie):
    record, _token = tokens.create_api_token(user=alice, name="alice")
    with pytest.raises(NotFound):
        tokens.find_token(user=charlie, key=str(record.pk))
    with pytest.raises(NotFound):
        tokens.find_token(user=charlie, key=record.prefix)


# ---- the `token` command -------------------------------------------------------------------------------


def _command(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_the_token_alone_on_its_line(alice):
    out, err = _command("create", "--user", alice.email, "--scope", "read-write", "--days", "5")
    token = out.strip()
    assert "\n" not in token and token.startswith("iph_")
    assert tokens.user_for_token(token) == alice
    assert ApiToken.objects.get(user=alice).scope == "read-write"
    assert "2" in err  # the expiry date is told on standard error


def test_command_prints_json_with_a_token_key(alice):
    out, _err = _command("create", "--user", alice.email, "--scope", "read-only", "--json")
    body = json.loads(out)
    assert tokens.user_for_token(body["token"]) == alice
    assert body["scope"] == "read-only" and body["active"] is True


def test_command_lists_and_revokes(alice):
    record, token = tokens.create_api_token(user=alice, name="laptop")
    listed = json.loads(_command("list", "--user", alice.email, "--json")[0])
    assert [item["prefix"] for item in listed] == [record.prefix]
    assert token not in json.dumps(listed)
    _command("revoke", "--user", alice.email, record.prefix)
    assert tokens.user_for_token(token) is None


def test_command_refuses_bad_input_and_creates_nothing(alice, settings):
    settings.API_TOKEN_MAX_DAYS = 10
    with pytest.raises(CommandError):
        _command("create", "--user", alice.email, "--days", "11")
    with pytest.raises(CommandError):
        _command("create", "--user", "nobody@example.com")
    with pytest.raises(CommandError):
        _command("revoke", "--user", alice.email, "iph_nothing")
    assert not ApiToken.objects.exists()
