"""Badges of certified claims, pretty credentials and QR codes for certification pages."""

import json

import qrcode
import qrcode.image.svg
from django import template
from django.utils.safestring import mark_safe

from accounts.models import AnyUser
from assets.models import Asset

register = template.Library()


@register.simple_tag
def certification_badges(asset):
    """The attestations in force for `asset`, the latest of each claim."""
    from certification.services import badges

    return badges(asset) if asset is not None and asset.pk else []


@register.filter
def pretty_json(document) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2)


@register.simple_tag
def qr_svg(url: str) -> str:
    """An inline SVG QR code of `url` (the text is made by the qrcode package, not from user input)."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return mark_safe(image.to_string(encoding="unicode"))


@register.simple_tag
def may_request_certification(asset: Asset, user: AnyUser) -> bool:
    """Whether `user` may ask for certification of `asset` (an admin or member of its owner)."""
    from certification.permissions import acts_for

    return bool(
        asset is not None and asset.owner is not None and user is not None and acts_for(user, asset.owner)
    )


@register.simple_tag
def certifier_signing_keys(organisation):
    """The certifier's keys, newest first, each with its PEM (public keys are public)."""
    from certification import keys
    from certification.models import CertifierKey

    found = list(CertifierKey.objects.filter(certifier=organisation))
    for key in found:
        key.pem = keys.public_key_pem(key)  # type: ignore[attr-defined]
    return found
