"""A defaulted loan's collateral sold (timed auction or a recovery fund), and who bears the loss."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.access import CHANGE, RestrictedQuerySet
from financing.models.fields import money_field
from financing.models.loan import Loan


class DisposalQuerySet(RestrictedQuerySet):
    def for_member(self, user: Any, action: str) -> "DisposalQuerySet":
        """The loan's parties; while an auction is open, any signed-in member may see it to bid; the buyer
        sees the sale it won."""
        parties = Q(loan__in=Loan.objects.restrict(user, action))
        if action == CHANGE:
            return self.filter(parties)
        open_auction = Q(method=Disposal.Method.AUCTION, status=Disposal.Status.OPEN)
        orgs = Organisation.objects.of_member(user)  # seeing: any role
        fund = Q(method=Disposal.Method.RECOVERY_FUND, fund__in=orgs)
        return self.filter(parties | open_auction | fund | Q(buyer__in=orgs))

    def biddable(self) -> "DisposalQuerySet":
        """Auctions still taking bids: open and before their end time (an ended one waits for the bank to
        close it, and is no longer advertised to bidders)."""
        return self.filter(
            method=Disposal.Method.AUCTION, status=Disposal.Status.OPEN, ends_at__gt=timezone.now()
        )


class Disposal(models.Model):
    """The sale of a defaulted loan's collateral, whose proceeds go to the debt."""

    class Method(models.TextChoices):
        AUCTION = "auction", _("Timed auction")
        RECOVERY_FUND = "recovery_fund", _("Purchase by a recovery fund")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SOLD = "sold", _("Sold")
        UNSOLD = "unsold", _("Not sold")

    loan = models.ForeignKey(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="disposals")
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    reserve_price = money_field(_("reserve price"), null=True, blank=True)
    sealed = models.BooleanField(_("sealed bids"), default=True)
    ends_at = models.DateTimeField(_("bidding ends at"), null=True, blank=True)
    fund = models.ForeignKey(
        Organisation,
        verbose_name=_("recovery fund"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    buyer = models.ForeignKey(
        Organisation,
        verbose_name=_("buyer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    price = money_field(_("price"), null=True, blank=True)
    deal_room = models.ForeignKey(
        "deals.DealRoom",
        verbose_name=_("deal room with the buyer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = DisposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.loan_id} {self.method} ({self.status})"


class Bid(models.Model):
    """A bid in a timed auction; sealed bids are seen only by their bidder until the auction closes."""

    disposal = models.ForeignKey(
        Disposal, verbose_name=_("auction"), on_delete=models.CASCADE, related_name="bids"
    )
    bidder = models.ForeignKey(
        Organisation, verbose_name=_("bidder"), on_delete=models.PROTECT, related_name="+"
    )
    amount = money_field(_("amount"))
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    placed_at = models.DateTimeField(_("placed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["-amount", "placed_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="bid_positive")]

    def __str__(self) -> str:
        return f"{self.disposal_id}: {self.bidder} {self.amount}"


class LossAllocation(models.Model):
    """The debt left after the proceeds, and each party's share of it, to the cent."""

    loan = models.OneToOneField(Loan, verbose_name=_("loan"), on_delete=models.PROTECT, related_name="loss")
    debt = money_field(_("debt at disposal"))
    proceeds = money_field(_("proceeds applied"))
    loss = money_field(_("loss"))
    government_compensation = money_field(_("government compensation"))
    insurer = money_field(_("insurer's share"))
    guarantor = money_field(_("guarantor's share"))
    bank = money_field(_("bank's share"))
    surplus = money_field(_("surplus returned to the borrower"), default=0)
    created_at = models.DateTimeField(_("allocated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("loss allocation")
        verbose_name_plural = _("loss allocations")

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.loss}"
