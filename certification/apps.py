from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Certification")

    def ready(self):
        from assets.search import ContributedFacet, contribute_facet
        from certification.models import Claim
        from certification.services import assets_with_certified

        contribute_facet(
            "certified",
            ContributedFacet(
                title=_("Certified claim"), choices=lambda: Claim.choices, restrict=assets_with_certified
            ),
        )
