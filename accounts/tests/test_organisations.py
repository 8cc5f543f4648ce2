from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from accounts import services
from accounts.models import Invitation, Membership, Organisation
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.models import Event

pytestmark = pytest.mark.django_db


def test_founder_becomes_admin_and_the_organisation_awaits_approval(charlie):
    org = services.create_organisation(founder=charlie, name="Lotus Bio", kind="company", jurisdiction="HK")
    assert org.status == Organisation.Status.PENDING
    assert not org.can_publish
    assert Membership.objects.get(organisation=org).role == "admin"
    assert Event.objects.filter(kind="organisation.registered", subject_id=str(org.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value"), [("kind", "pirate"), ("jurisdiction", "Atlantis"), ("name", "  ")]
)
def test_bad_organisation_input_is_refused(charlie, field, value):
    fields = {"name": "Lotus Bio", "kind": "company", "jurisdiction": "HK", field: value}
    with pytest.raises(InvalidInput):
        services.create_organisation(founder=charlie, **fields)
    assert not Organisation.objects.filter(name="Lotus Bio").exists()


def test_operator_approval_needs_a_registration_number_and_document(staff, charlie):
    org = services.create_organisation(founder=charlie, name="Lotus Bio", kind="company", jurisdiction="HK")
    with pytest.raises(InvalidInput, match="registration number"):
        services.approve_organisation(organisation=org, by=staff)
    org.refresh_from_db()
    assert org.status == Organisation.Status.PENDING


def test_only_staff_approve(alice_org, charlie):
    with pytest.raises(Forbidden):
        services.approve_organisation(organisation=alice_org, by=charlie)


def test_approval_verifies_the_organisation(make_organisation, staff):
    org = make_organisation("Pending Co", approved=False)
    services.approve_organisation(organisation=org, by=staff)
    org.refresh_from_db()
    assert org.status == Organisation.Status.APPROVED and org.verified and org.verified_at


def test_rejection_needs_a_reason(make_organisation, staff):
    org = make_organisation("Pending Co", approved=False)
    with pytest.raises(InvalidInput):
        services.reject_organisation(organisation=org, by=staff, reason=" ")
    services.reject_organisation(organisation=org, by=staff, reason="Document unreadable")
    org.refresh_from_db()
    assert org.status == "rejected" and org.rejection_reason == "Document unreadable"


def test_invitation_is_mailed_and_accepted(alice, alice_org, make_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invite(
            organisation=alice_org, by=alice, email="dora@example.com", role="viewer"
        )
    assert mail.outbox[0].to == ["dora@example.com"]
    assert invitation.token in mail.outbox[0].body
    dora = make_user("dora@example.com")
    membership = services.accept_invitation(token=invitation.token, user=dora)
    assert membership.role == "viewer" and membership.organisation == alice_org
    with pytest.raises(NotFound):
        services.accept_invitation(token=invitation.token, user=dora)


def test_only_admins_invite(bob, alice_org):
    with pytest.raises(Forbidden):
        services.invite(organisation=alice_org, by=bob, email="x@example.com")
    assert not Invitation.objects.exists()


def test_invalid_email_and_existing_member_are_refused(alice, alice_org, bob):
    with pytest.raises(InvalidInput):
        services.invite(organisation=alice_org, by=alice, email="not-an-address")
    with pytest.raises(Conflict):
        services.invite(organisation=alice_org, by=alice, email=bob.email)


def test_invitation_for_someone_else_cannot_be_taken(alice, alice_org, charlie):
    invitation = services.invite(organisation=alice_org, by=alice, email="dora@example.com")
    with pytest.raises(Forbidden):
        services.accept_invitation(token=invitation.token, user=charlie)
    assert not Membership.objects.filter(user=charlie, organisation=alice_org).exists()


def test_expired_invitation_is_not_found(alice, alice_org, make_user):
    invitation = services.invite(organisation=alice_org, by=alice, email="dora@example.com")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(NotFound):
        services.accept_invitation(token=invitation.token, user=make_user("dora@example.com"))


def test_api_token_is_stored_only_as_a_digest(alice):
    record, token = services.create_api_token(user=alice, name="laptop")
    assert token not in (record.digest, record.prefix)
    assert services.user_for_token(token) == alice
    assert services.user_for_token(token + "x") is None


def test_inactive_user_token_stops_working(alice):
    _record, token = services.create_api_token(user=alice, name="laptop")
    alice.is_active = False
    alice.save()
    assert services.user_for_token(token) is None
