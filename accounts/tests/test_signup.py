import re
import time

import pytest
from django.core import mail
from django.core.cache import cache

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_sign_up_sends_a_verification_mail_and_the_link_verifies(client):
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": "a-long-passphrase-9", "password2": "a-long-passphrase-9"},
    )
    assert response.status_code == 302
    assert User.objects.filter(email="new@example.com").exists()
    link = re.findall(r"http://\S+/accounts/confirm-email/\S+/", str(mail.outbox[-1].body))[0]
    client.post(link.split("testserver")[-1])
    from allauth.account.models import EmailAddress

    assert EmailAddress.objects.get(email="new@example.com").verified


def test_weak_password_is_refused_with_a_message(client):
    response = client.post(
        "/accounts/signup/", {"email": "n@example.com", "password1": "123", "password2": "123"}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="n@example.com").exists()
    assert "password" in response.content.decode().lower()


def test_login_is_rate_limited_after_repeated_failures(client, alice):
    cache.clear()
    for _ in range(5):
        client.post("/accounts/login/", {"login": alice.email, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from django.conf import settings

    from ipharbour import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.AUTH_USER_MODEL == "accounts.User"


def test_sign_up_page_is_translated(client):
    english = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get("/accounts/signup/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Sign Up" in english
    assert "注册" in chinese


def test_two_factor_authentication_with_totp_is_enforced_at_login(client, alice):
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        SECRET_SESSION_KEY,
        format_hotp_value,
        hotp_value,
    )

    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    client.post("/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"})
    client.post("/accounts/reauthenticate/", {"password": "correct horse battery staple"})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    counter = int(time.time()) // 30  # allauth's default TOTP period
    response = client.post(
        "/accounts/2fa/totp/activate/", {"code": format_hotp_value(hotp_value(secret, counter))}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()

    client.logout()
    response = client.post(
        "/accounts/login/", {"login": alice.email, "password": "correct horse battery staple"}
    )
    assert response.url.endswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
