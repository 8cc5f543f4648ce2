"""What every page needs to know about the visitor's organisations."""

from accounts.models import Organisation


def unapproved_organisations(request) -> dict:
    """The visitor's organisations the operator has not approved, for the banner saying what they wait for."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    waiting = Organisation.objects.of_member(user).exclude(status=Organisation.Status.APPROVED)
    return {"unapproved_organisations": list(waiting.only("name", "slug", "status", "rejection_reason"))}
