"""Every state change of organisations, memberships, invitations and tokens."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import ApiToken, Invitation, Membership, Organisation, User
from accounts.permissions import is_org_admin

# Token services live in accounts.tokens; these two names are kept here for the callers that know them.
from accounts.tokens import create_api_token as create_api_token
from accounts.tokens import end_api_tokens
from accounts.tokens import user_for_token as user_for_token
from core.errors import Conflict, Forbidden, InvalidInput, NotFound
from core.events import record_event

INVITATION_DAYS = 14


def require_approved(organisation: Organisation) -> None:
    """The one rule for organisations the operator has not approved (pending or rejected).

    Until approval an organisation may edit its profile, upload its registration document and see its own
    data; it may not create trade objects (assets, listings, needs, certification requests, valuations),
    invite people or reach other members. Every service that does one of these calls this first, so the web,
    the API and the command line all refuse it the same way.
    """
    if organisation.status == Organisation.Status.APPROVED:
        return
    if organisation.status == Organisation.Status.REJECTED:
        raise Forbidden(
            _(
                "The operator did not approve %(org)s (%(reason)s); correct its registration to ask again. "
                "Until it is approved it can only edit its profile."
            )
            % {"org": organisation.name, "reason": organisation.rejection_reason or "—"}
        )
    raise Forbidden(
        _(
            "%(org)s is awaiting the operator's approval; until then it can only edit its profile "
            "and upload its registration document."
        )
        % {"org": organisation.name}
    )


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "org"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_organisation(*, founder: User, name: str, kind: str, jurisdiction: str, **fields) -> Organisation:
    """Register an organisation; the founder becomes its administrator; the operator must approve it."""
    if kind not in Organisation.Kind.values:
        raise InvalidInput(_("Unknown organisation type: %(kind)s") % {"kind": kind}, field="kind")
    if jurisdiction not in Organisation.Jurisdiction.values:
        raise InvalidInput(_("Unknown jurisdiction: %(j)s") % {"j": jurisdiction}, field="jurisdiction")
    if not name.strip():
        raise InvalidInput(_("An organisation needs a name."), field="name")
    org = Organisation.objects.create(
        name=name.strip(), kind=kind, jurisdiction=jurisdiction, slug=_unique_slug(name), **fields
    )
    Membership.objects.create(user=founder, organisation=org, role=Membership.Role.ADMIN)
    record_event(org, "organisation.registered", actor=founder, name=org.name, kind=kind)
    return org


@transaction.atomic
def approve_organisation(*, organisation: Organisation, by: User) -> Organisation:
    if not by.is_staff:
        raise Forbidden(_("Only the operator approves organisations."))
    if not organisation.registration_number:
        raise InvalidInput(
            _("The organisation has not given a registration number."), field="registration_number"
        )
    if not organisation.registration_document:
        raise InvalidInput(_("The organisation has not uploaded a registration document."))
    organisation.status = Organisation.Status.APPROVED
    organisation.verified = True
    organisation.verified_at = timezone.now()
    organisation.rejection_reason = ""
    organisation.save(update_fields=["status", "verified", "verified_at", "rejection_reason"])
    record_event(organisation, "organisation.approved", actor=by)
    return organisation


@transaction.atomic
def reject_organisation(*, organisation: Organisation, by: User, reason: str) -> Organisation:
    if not by.is_staff:
        raise Forbidden(_("Only the operator approves organisations."))
    if not reason.strip():
        raise InvalidInput(_("Give a reason, so that the organisation knows what to fix."), field="reason")
    organisation.status = Organisation.Status.REJECTED
    organisation.verified = False
    organisation.rejection_reason = reason.strip()
    organisation.save(update_fields=["status", "verified", "rejection_reason"])
    record_event(organisation, "organisation.rejected", actor=by, reason=reason.strip())
    return organisation


@transaction.atomic
def invite(
    *, organisation: Organisation, by: User, email: str, role: str = Membership.Role.MEMBER
) -> Invitation:
    """Invite a person by e-mail; the mail is sent once the invitation is saved."""
    if not is_org_admin(by, organisation):
        raise Forbidden(_("Only an administrator of the organisation can invite people."))
    require_approved(organisation)
    if role not in Membership.Role.values:
        raise InvalidInput(_("Unknown role: %(role)s") % {"role": role}, field="role")
    email = User.objects.normalize_email(email.strip())
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            _("%(email)s is not a valid e-mail address.") % {"email": email}, field="email"
        ) from None
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise Conflict(_("%(email)s is already a member.") % {"email": email}, field="email")
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    record_event(organisation, "organisation.invited", actor=by, email=email, role=role)
    transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


def _send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("organisation", "invited_by").get(pk=invitation_id)
    language = invitation.invited_by.language if invitation.invited_by else settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"invitation": invitation, "url": f"{settings.SITE_URL}/invitations/{invitation.token}/"}
        send_mail(
            _("You are invited to join %(org)s on IP Harbour") % {"org": invitation.organisation.name},
            render_to_string("accounts/email/invitation.txt", context),
            None,
            [invitation.email],
        )


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise NotFound(_("This invitation does not exist or has expired."))
    if invitation.email.lower() != user.email.lower():
        raise Forbidden(_("This invitation was sent to another e-mail address."))
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    record_event(invitation.organisation, "organisation.member_joined", actor=user, role=membership.role)
    return membership


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: User, form) -> Organisation:
    """Save the profile form; a new registration number or document needs the operator's approval again."""
    if not is_org_admin(by, organisation):
        raise Forbidden(_("Only an administrator of the organisation can edit it."))
    needs_review = {"registration_number", "registration_document", "name"} & set(form.changed_data)
    organisation = form.save(commit=False)
    # A rejected organisation that corrects its registration asks again by doing so.
    under_review = {Organisation.Status.APPROVED, Organisation.Status.REJECTED}
    if needs_review and organisation.status in under_review and not by.is_staff:
        organisation.status = Organisation.Status.PENDING
        organisation.verified = False
    organisation.save()
    record_event(organisation, "organisation.updated", actor=by, fields=sorted(form.changed_data))
    return organisation


@transaction.atomic
def remove_member(*, organisation: Organisation, by: User, user: User) -> None:
    """Take a person out of an organisation; their API tokens end, since they may have reached its data."""
    if not is_org_admin(by, organisation):
        raise Forbidden(_("Only an administrator of the organisation can remove people."))
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        raise NotFound(_("%(person)s is not a member.") % {"person": user.email})
    admins = Membership.objects.filter(organisation=organisation, role=Membership.Role.ADMIN)
    if membership.role == Membership.Role.ADMIN and admins.count() == 1:
        raise Conflict(_("An organisation keeps at least one administrator."))
    membership.delete()  # the post_delete receiver ends the person's tokens
    record_event(organisation, "organisation.member_removed", actor=by, email=user.email)


def membership_ended(membership: Membership) -> None:
    """However a membership ends (this service, the back office, a cascade), the person's tokens end."""
    end_api_tokens(user=membership.user, reason=ApiToken.EndReason.LEFT_ORGANISATION)


def password_changed(user: User) -> None:
    """However a password changes (allauth's change or reset, the back office, `changepassword`)."""
    end_api_tokens(user=user, reason=ApiToken.EndReason.PASSWORD_CHANGED)
