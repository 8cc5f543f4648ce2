from django.apps import AppConfig
from django.db.models.signals import post_delete
from django.utils.translation import gettext_lazy as _


def _membership_deleted(sender, instance, **kwargs) -> None:
    from accounts.services import membership_ended

    membership_ended(instance)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisations and people")

    def ready(self) -> None:
        # A membership can also end in the back office or by cascade, not only through remove_member().
        post_delete.connect(_membership_deleted, sender="accounts.Membership", dispatch_uid="accounts.tokens")
