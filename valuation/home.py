"""What valuation puts on a member's home: valuations to finish, valuations asked of the member as valuer,
subsidy applications awaiting a decision (and, for the operator, those to decide)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import AnyUser, Organisation
from core.home import InboxItem, Shortcut
from valuation.models import Valuation, ValuationRequest
from valuation.subsidy.models import SubsidyApplication


def inbox(user: AnyUser) -> list[InboxItem]:
    orgs = Organisation.objects.of_member(user).values("pk")
    drafts = Valuation.objects.visible_to(user).filter(status=Valuation.Status.DRAFT)
    submitted = SubsidyApplication.objects.visible_to(user).filter(status=SubsidyApplication.Status.SUBMITTED)
    items = [
        InboxItem(
            _("Valuations to finish"), reverse("valuation:list"), drafts.filter(asset__owner__in=orgs).count()
        ),
        InboxItem(
            _("Valuations asked of you as valuer"),
            reverse("valuation:list"),
            drafts.filter(valuer__in=orgs).exclude(asset__owner__in=orgs).count(),
        ),
        InboxItem(
            _("Valuation requests to answer"),
            reverse("valuation:requests"),
            ValuationRequest.objects.visible_to(user)
            .filter(valuer__in=orgs, status=ValuationRequest.Status.REQUESTED)
            .count(),
        ),
        InboxItem(
            _("Subsidy applications awaiting a decision"),
            reverse("valuation:subsidy"),
            submitted.filter(organisation__in=orgs).count(),
        ),
    ]
    if user.is_staff:
        items.append(
            InboxItem(
                _("Subsidy applications to decide"), reverse("valuation:subsidy_review"), submitted.count()
            )
        )
    return items


def shortcuts(user: AnyUser) -> list[Shortcut]:
    return [
        Shortcut(_("My valuations"), reverse("valuation:list")),
        Shortcut(_("Valuation requests"), reverse("valuation:requests")),
    ]


def own_valuations(user: AnyUser):
    own = Organisation.objects.of_member(user).values("pk")
    return Valuation.objects.visible_to(user).filter(asset__owner__in=own)
