"""Questions and due diligence, messages between the parties, and the notifications they raise."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.access import RestrictedQuerySet
from deals import checklists
from deals.models.room import DealRoom, RoomChildQuerySet, Side


class Question(models.Model):
    """A question one side asks the other, with a category, an assignee and a due date."""

    class Category(models.TextChoices):
        LEGAL = "legal", _("Legal and IP")
        TECHNICAL = "technical", _("Technical and CMC")
        CLINICAL = "clinical", _("Clinical and regulatory")
        COMMERCIAL = "commercial", _("Commercial")
        OTHER = "other", _("Other")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="questions"
    )
    side = models.CharField(_("asked by side"), max_length=6, choices=Side.choices)
    category = models.CharField(
        _("category"), max_length=12, choices=Category.choices, default=Category.OTHER
    )
    text = models.TextField(_("question"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answer_document = models.ForeignKey(
        "deals.Document",
        verbose_name=_("attachment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:80]


class ChecklistItem(models.Model):
    """One item of the due-diligence checklist of the room's deal type, with its state."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        PROVIDED = "provided", _("Provided")
        ACCEPTED = "accepted", _("Accepted")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="checklist"
    )
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("item"), max_length=300)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    note = models.TextField(_("note"), blank=True)
    link = models.CharField(_("evidence on the registry"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("due-diligence item")
        verbose_name_plural = _("due-diligence items")
        ordering = ["room", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["room", "code"], name="checklist_item_once")]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        """The item's title in the reader's language (a standard item), or as its room wrote it."""
        return str(checklists.TITLES.get(self.code, self.title))


class Message(models.Model):
    """A message between the parties in the room."""

    room = models.ForeignKey(
        DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="messages"
    )
    side = models.CharField(_("side"), max_length=6, choices=Side.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = RoomChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


class DealNotificationQuerySet(RestrictedQuerySet):
    def for_member(self, user, action):
        """A notification is private to its addressee."""
        return self.filter(user=user)


class DealNotification(models.Model):
    """An in-app notice to a room member: a message, a question, a signature, a late report."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("addressee"), on_delete=models.CASCADE, related_name="+"
    )
    room = models.ForeignKey(DealRoom, verbose_name=_("room"), on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=40)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    objects = DealNotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("deal notification")
        verbose_name_plural = _("deal notifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.kind}"

    @property
    def label(self) -> str:
        from deals.notify import describe

        return describe(self.kind)
