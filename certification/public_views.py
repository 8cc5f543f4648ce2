"""The public side of attestations: anyone holding an attestation's unguessable id (from the QR code,
the certificate or the credential) can check it, download it, or paste a credential to verify it."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language

from certification import pdf
from certification.forms import VerifyForm
from certification.models import Attestation
from certification.verification import verify_attestation, verify_document


def _by_public_id(public_id: str) -> Attestation:
    related = ("asset", "certifier", "request__requester", "key", "issued_entry", "revoked_entry")
    return get_object_or_404(Attestation.objects.select_related(*related), public_id=public_id)


def verify(request, public_id: str):
    attestation = _by_public_id(public_id)
    report = verify_attestation(attestation)
    context = {"attestation": attestation, "report": report, "credential_url": request.build_absolute_uri()}
    response = render(request, "certification/verify.html", context)
    # The status can change at any moment (revocation): never serve it from a cache.
    response["Cache-Control"] = "no-store"
    return response


def credential(request, public_id: str):
    attestation = _by_public_id(public_id)
    response = JsonResponse(attestation.credential, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Type"] = "application/vc+json"
    response["Content-Disposition"] = f'attachment; filename="attestation-{public_id}.json"'
    return response


def certificate(request, public_id: str):
    attestation = _by_public_id(public_id)
    language = get_language()
    script = request.GET.get("script") or ("zh-hans" if language == "zh-hans" else "zh-hant")
    if script not in {"zh-hant", "zh-hans"}:
        script = "zh-hant"
    response = HttpResponse(pdf.certificate(attestation, script=script), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{public_id}.pdf"'
    return response


def verify_pasted(request):
    """Verify a credential given as JSON, e.g. one received from a seller, against its signature,
    the certifier's published keys, its status and the transparency log."""
    form = VerifyForm(request.POST or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = verify_document(form.cleaned_data["credential"])
    context: dict[str, object] = {"form": form, "report": report, "pasted": report is not None}
    if report is not None and report.attestation is not None:
        context["attestation"] = report.attestation
    return render(request, "certification/verify_form.html", context, status=200)
