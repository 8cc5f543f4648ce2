"""The one access base: every model a user can reach narrows its queries through `restrict(user, action)`.

In NetBox's spirit, each model states only its own rule (`for_member`, and `for_anonymous` where the public
may see something); the preamble every rule shares (staff see everything, anonymous visitors see only what is
public, nobody sees anything by accident) lives here once. Pages and endpoints look objects up through
`restrict`, so an outsider gets 404 and never learns that something exists.
"""

from contextvars import ContextVar
from typing import Any, Protocol, Self

from django.db import models

# The actions a rule may distinguish. "view" is what `visible_to` asks; "change" narrows to those who may
# act on the object (members with a writing role, the parties of a step). "decide" is a member's own business
# decision (accept or decline a lead, a valuation request or a licence-back offer, withdraw, stop sharing):
# the members who may change the object, never the operator's staff in a member's name — staff see the object
# and are told so (403), they do not decide for the organisations that trade on the exchange.
VIEW = "view"
CHANGE = "change"
DECIDE = "decide"
ACTIONS = (VIEW, CHANGE, DECIDE)

# Set while a "decide" rule is built: the rules it composes (a listing's through its organisation's) then ask
# about the person as a member too, so staff's "see everything" does not come back in through them.
_deciding: ContextVar[bool] = ContextVar("deciding", default=False)


class Person(Protocol):
    """Whoever asks, as core sees them: a signed-in user or an anonymous visitor (`accounts.models.AnyUser`
    is the concrete type; core cannot import accounts, which sits above it)."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def is_staff(self) -> bool: ...


def is_staff(user: Person | None) -> bool:
    return bool(getattr(user, "is_staff", False))


def is_signed_in(user: Person | None) -> bool:
    """Signed in (staff included); anonymous visitors and None are not."""
    return bool(getattr(user, "is_authenticated", False))


class RestrictedQuerySet(models.QuerySet):
    """Base queryset with the one access choke point; subclasses implement `for_member`.

    `visible_to(user)` is `restrict(user, "view")`, the name most pages read.
    """

    # False where records are private to a person even from the operator (their notifications).
    staff_see_all = True

    def restrict(self, user: Person | None, action: str = VIEW) -> Self:
        if action not in ACTIONS:
            raise ValueError(f"unknown access action {action!r}")
        if action == DECIDE:
            return self._for_decider(user) if is_signed_in(user) else self.none()
        if self.staff_see_all and is_staff(user) and not _deciding.get():
            return self
        if not is_signed_in(user):
            return self.for_anonymous(action)
        return self.for_member(user, action)

    def _for_decider(self, user: Person | None) -> Self:
        token = _deciding.set(True)
        try:
            return self.for_member(user, CHANGE)
        finally:
            _deciding.reset(token)

    def visible_to(self, user: Person | None) -> Self:
        return self.restrict(user, VIEW)

    def for_anonymous(self, action: str) -> Self:
        """What an anonymous visitor may do: nothing unless the model says otherwise."""
        return self.none()

    def for_member(self, user: Any, action: str) -> Self:
        raise NotImplementedError(f"{type(self).__name__} must state its access rule in for_member()")


def may(user: Person | None, obj: models.Model, action: str) -> bool:
    """Whether `user` may take `action` on `obj`, by the rule of its model's queryset (one query)."""
    manager: Any = type(obj)._default_manager
    return bool(manager.restrict(user, action).filter(pk=obj.pk).exists())
