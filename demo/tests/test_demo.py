"""The demo app loads every app's demo set, and every demo person logs in with the one demo password."""

import pytest
from django.urls import reverse

from accounts.models import User
from conftest import shared_data
from demo.base import DEMO_DOMAIN, DEMO_PASSWORD, load_demo, logins

pytestmark = pytest.mark.django_db


def test_every_demo_person_logs_in_with_the_demo_password_even_those_an_app_demo_created():
    shared_data("reference/figures.json")
    load_demo()
    people = User.objects.filter(email__endswith=DEMO_DOMAIN)
    assert people.filter(email="insurer@demo.ipharbour.example").exists()  # created by the financing demo
    assert people.filter(email="caseofficer@demo.ipharbour.example").exists()  # created by the disputes demo
    assert [user.email for user in people if not user.check_password(DEMO_PASSWORD)] == []


@pytest.mark.parametrize("email", ["caseofficer@demo.ipharbour.example", "insurer@demo.ipharbour.example"])
def test_a_person_an_app_demo_created_logs_in_through_the_login_page(client, email):
    shared_data("reference/figures.json")
    load_demo()
    answer = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert answer.status_code == 302 and "confirm-email" not in answer["Location"]
    assert client.get(reverse("home")).context["user"].email == email
    assert email in [listed for listed, _name, _staff in logins()]


def test_the_listed_logins_are_demo_people_and_the_operator_comes_first():
    listed = logins()
    assert listed[0] == ("operator@demo.ipharbour.example", "Olivia Operator", True)
    assert all(email.endswith(DEMO_DOMAIN) for email, _name, _staff in listed)
    assert len({email for email, _name, _staff in listed}) == len(listed)


def test_demo_listings_read_in_the_readers_language(client):
    """Two demo listings carry their seller's translations: the marketplace shows each reader theirs."""
    shared_data("reference/figures.json")
    load_demo()
    simplified = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "三期HER2抗体偶联药物" in simplified
    traditional = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE="zh-hant").content.decode()
    assert "三期HER2抗體偶聯藥物" in traditional
    english = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "astragalus, ophiopogon" in english and "HER2 ADC in phase 3" in english
