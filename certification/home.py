"""What certification puts on a member's home: requests to decide and requests under way."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from certification.models import CertificationRequest
from core.home import InboxItem, Shortcut


def _open_requests(user: AnyUser):
    return CertificationRequest.objects.visible_to(user).filter(status=CertificationRequest.Status.OPEN)


def inbox(user: AnyUser) -> list[InboxItem]:
    orgs = Organisation.objects.of_member(user).values("pk")
    queue = reverse("certification:queue")
    requests = _open_requests(user)
    return [
        InboxItem(_("Certification requests to decide"), queue, requests.filter(certifier__in=orgs).count()),
        InboxItem(_("Certification requests under way"), queue, requests.filter(requester__in=orgs).count()),
    ]


def shortcuts(user: AnyUser) -> list[Shortcut]:
    orgs = Organisation.objects.of_member(user)
    involved = CertificationRequest.objects.visible_to(user).filter(certifier__in=orgs.values("pk")).exists()
    if involved or orgs.filter(kind=Organisation.Kind.CERTIFIER).exists():
        return [Shortcut(_("Certification requests"), reverse("certification:queue"))]
    return []


def own_requests(user: AnyUser):
    return CertificationRequest.objects.visible_to(user).filter(
        requester__in=Organisation.objects.of_member(user).values("pk")
    )
