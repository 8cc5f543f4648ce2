"""The access base: staff see all, anonymous visitors see what the model makes public, members what its rule says."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from core.access import RestrictedQuerySet, may
from core.models import Event, SavedSearch

pytestmark = pytest.mark.django_db


class OwnEventQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        return self.filter(actor=user)


def _events():
    return OwnEventQuerySet(model=Event)


class ComposedEventQuerySet(RestrictedQuerySet):
    """A rule stated through another model's, as a listing's is through its organisation's."""

    def for_member(self, user, action):
        return self.filter(pk__in=_events().restrict(user, action).values("pk"))


@pytest.fixture
def users():
    model = get_user_model()
    return {
        "alice": model.objects.create_user(email="alice@example.org", password="x-long-password-1"),
        "charlie": model.objects.create_user(email="charlie@example.org", password="x-long-password-1"),
        "staff": model.objects.create_user(
            email="op@example.org", password="x-long-password-1", is_staff=True
        ),
    }


@pytest.fixture
def event(users):
    return Event.objects.create(actor=users["alice"], subject_type="t.t", subject_id="1", kind="k", data={})


def test_member_sees_what_the_rule_allows(users, event):
    assert list(_events().restrict(users["alice"])) == [event]


def test_outsider_sees_nothing(users, event):
    assert not _events().visible_to(users["charlie"]).exists()


def test_anonymous_sees_nothing_unless_the_model_says_so(event):
    assert not _events().restrict(AnonymousUser()).exists()
    assert not _events().restrict(None).exists()


def test_staff_see_everything(users, event):
    assert list(_events().restrict(users["staff"], "change")) == [event]


def test_unknown_action_is_refused(users):
    with pytest.raises(ValueError, match="unknown access action"):
        _events().restrict(users["alice"], "delete-everything")


def test_a_model_without_a_rule_fails_loudly(users, event):
    with pytest.raises(NotImplementedError):
        RestrictedQuerySet(model=Event).restrict(users["alice"]).exists()


class PrivateEventQuerySet(OwnEventQuerySet):
    staff_see_all = False


def test_records_private_to_a_person_stay_private_from_staff(users, event):
    assert not PrivateEventQuerySet(model=Event).restrict(users["staff"]).exists()
    assert list(PrivateEventQuerySet(model=Event).restrict(users["alice"])) == [event]


def test_a_decision_is_the_members_and_never_the_staffs_in_their_name(users, event):
    assert list(_events().restrict(users["alice"], "decide")) == [event]
    assert not _events().restrict(users["staff"], "decide").exists()
    assert not _events().restrict(users["charlie"], "decide").exists()
    assert not _events().restrict(AnonymousUser(), "decide").exists()


def test_staff_do_not_decide_through_a_rule_composed_of_another(users, event):
    composed = ComposedEventQuerySet(model=Event)
    assert list(composed.restrict(users["alice"], "decide")) == [event]
    assert not composed.restrict(users["staff"], "decide").exists()
    assert list(composed.restrict(users["staff"], "change")) == [event]  # the operator still sees and acts


def test_may_asks_the_models_own_rule(users):
    saved = SavedSearch.objects.create(user=users["alice"], label="ADCs", path="/assets/", query="q=adc")
    assert may(users["alice"], saved, "decide")
    assert not may(users["charlie"], saved, "view")
    assert not may(users["staff"], saved, "view")  # private to its owner, the operator included
