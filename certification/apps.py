from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from assets.search import ContributedFacet, contribute_facet
        from certification.models import Claim
        from certification.services import assets_with_certified, certified_assets_by_claim

        contribute_facet(
            "certified",
            ContributedFacet(
                title=_("Certified claim"),
                choices=lambda: Claim.choices,
                restrict=assets_with_certified,
                members=certified_assets_by_claim,
            ),
        )
        from certification import home as certification_home
        from core import home

        home.register_inbox(certification_home.inbox)
        home.register_shortcut(certification_home.shortcuts)
        home.register_activity(certification_home.own_requests, "certification:request")
