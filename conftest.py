"""Shared fixtures: the permission matrix of every test.

Alice administers Alice Bio (the owner), Bob is a member of Alice Bio (the participant), Charlie
belongs to another organisation (the outsider), Olivia is the operator's staff; anonymous has no login.
"""

import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

SHARED_DATA = Path(
    os.environ.get("IPHARBOUR_SHARED_DATA", Path(__file__).resolve().parent.parent / "shared" / "data")
)


def shared_data(relative: str) -> Path:
    """A path under ../shared/data, or a skip that says why the test cannot run."""
    path = SHARED_DATA / relative
    if not path.exists():
        pytest.skip(f"real data not found at {path} (../shared/data is absent on this machine)")
    return path


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    # A bare `pytest` must see the translated pages too: compile any catalogue newer than its .mo first.
    from django.core.management import call_command

    call_command("compiletranslations", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits live in the shared cache; one test's failed logins must not lock the next test out. The
    # database cache is rolled back with each test's transaction; the others are emptied here.
    from django.core.cache import caches

    for cache in caches.all(initialized_only=False):
        if not cache.__class__.__name__.startswith("DatabaseCache"):
            cache.clear()


@pytest.fixture(autouse=True)
def _english_and_tasks_inline(settings):
    settings.LANGUAGE_CODE = "en"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _organisation(name: str, kind: str = "company", *, approved: bool = True):
    from accounts.models import Organisation

    org = Organisation.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        kind=kind,
        jurisdiction="CN",
        country="CN",
        registration_number="91310000MA1FL0001X",
        status=Organisation.Status.APPROVED if approved else Organisation.Status.PENDING,
        verified=approved,
    )
    org.registration_document.save("registration.pdf", ContentFile(b"%PDF-1.4 registration"), save=True)
    return org


def _user(email: str, org=None, role: str = "member", **extra):
    from accounts.models import Membership, User

    user = User.objects.create_user(email, "correct horse battery staple", **extra)
    if org is not None:
        Membership.objects.create(user=user, organisation=org, role=role)
    return user


@pytest.fixture
def alice_org(db):
    return _organisation("Alice Bio")


@pytest.fixture
def charlie_org(db):
    return _organisation("Charlie Pharma")


@pytest.fixture
def alice(alice_org):
    return _user("alice@example.com", alice_org, "admin")


@pytest.fixture
def bob(alice_org):
    return _user("bob@example.com", alice_org, "member")


@pytest.fixture
def charlie(charlie_org):
    return _user("charlie@example.com", charlie_org, "admin")


@pytest.fixture
def staff(db):
    return _user("olivia@example.com", is_staff=True)


@pytest.fixture
def make_organisation(db):
    return _organisation


@pytest.fixture
def make_user(db):
    return _user


@pytest.fixture
def users(alice, bob, charlie, staff):
    """The five viewpoints of the permission matrix, by name (None is anonymous)."""
    return {"anonymous": None, "outsider": charlie, "participant": bob, "owner": alice, "staff": staff}


@pytest.fixture
def client_as(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login
