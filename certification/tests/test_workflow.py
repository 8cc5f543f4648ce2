"""The certification workflow end to end: request, evidence, checks, decision, signed attestation,
log entries, re-certification, withdrawal and expiry reminders."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certification import credentials, services, verification
from certification.models import Attestation, CertificationRequest, CheckResult, Evidence, RequestedClaim
from core.errors import Conflict, Forbidden, InvalidInput
from core.events import events_for
from ledger.models import Entry

pytestmark = pytest.mark.django_db


def test_request_quotes_each_claim_at_the_published_fee_and_runs_the_checks(open_request):
    fees = {c.claim: (c.fee_amount, c.fee_currency) for c in open_request.claims.all()}
    assert fees["validity"] == (Decimal("8000.00"), "HKD")
    assert fees["clinical_phase"] == (Decimal("12000.00"), "HKD")
    outcomes = {c.claim: c.outcome for c in open_request.checks.all()}
    assert outcomes == {
        "validity": "passed",
        "chain_of_title": "passed",
        "clinical_phase": "passed",
        "first_in_class": "review",
    }
    assert events_for(open_request).filter(kind="certification.requested").exists()


def test_granting_a_claim_signs_an_attestation_and_logs_it(open_request, cara):
    requested = open_request.claims.get(claim="clinical_phase")
    attestation = services.decide(
        requested=requested, by=cara, grant=True, reasons="Trial NCT09000001 checked."
    )
    assert attestation is not None
    assert attestation.claim == "clinical_phase"
    assert attestation.facts["trials"] == ["NCT09000001"]
    assert "Phase 2" in attestation.scope
    assert credentials.verify_proof(attestation.credential)
    assert attestation.issued_entry_id is not None
    entry = Entry.objects.get(index=attestation.issued_entry_id)
    leaf = json.loads(entry.leaf)
    assert leaf["kind"] == "certification.attestation.issued"
    assert leaf["public"]["credential_sha256"] == credentials.digest(attestation.credential)
    assert leaf["public"]["asset"] == "CN111111111A"
    assert verification.verify_attestation(attestation).status == "valid"


def test_the_request_is_decided_when_every_claim_is(open_request, cara):
    for requested in open_request.claims.all():
        services.decide(requested=requested, by=cara, grant=False, reasons="Not this time.")
    open_request.refresh_from_db()
    assert open_request.status == CertificationRequest.Status.DECIDED
    assert not Attestation.objects.exists()


def test_a_claim_is_decided_once(attestation, cara):
    with pytest.raises(Conflict):
        services.decide(
            requested=attestation.requested_claim, by=cara, grant=False, reasons="Changed my mind."
        )


def test_an_opinion_needs_sources_and_then_carries_them(open_request, cara):
    requested = open_request.claims.get(claim="first_in_class")
    with pytest.raises(InvalidInput):
        services.decide(requested=requested, by=cara, grant=True, reasons="Looks novel.")
    attestation = services.decide(
        requested=requested,
        by=cara,
        grant=True,
        reasons="No other PD-1 antibody binds this epitope.",
        sources=["https://pubmed.ncbi.nlm.nih.gov/00000000/", "Registry search of 2026-11-01"],
    )
    assert attestation is not None
    facts = attestation.credential["credentialSubject"]["claim"]["facts"]
    assert facts["opinion"] == "No other PD-1 antibody binds this epitope."
    assert len(facts["sources"]) == 2


def test_validity_never_outlasts_the_right(open_request, cara, drug_asset):
    requested = open_request.claims.get(claim="validity")
    too_late = datetime.datetime(2041, 1, 1, tzinfo=datetime.UTC)
    with pytest.raises(InvalidInput):
        services.decide(requested=requested, by=cara, grant=True, reasons="ok", valid_until=too_late)
    drug_asset.refresh_from_db()
    assert drug_asset.expiry_date == datetime.date(2040, 1, 15)
    short = timezone.now() + datetime.timedelta(days=30)
    attestation = services.decide(requested=requested, by=cara, grant=True, reasons="ok", valid_until=short)
    assert attestation is not None
    assert abs((attestation.valid_until - short).total_seconds()) < 1


def test_evidence_file_is_stored_with_its_digest_and_a_trial_link_reruns_checks(
    open_request, bob, phase2_trial
):
    upload = SimpleUploadedFile("assignment.pdf", b"%PDF-1.4 deed", content_type="application/pdf")
    evidence = services.add_evidence(request=open_request, by=bob, upload=upload, description="Deed")
    assert evidence.kind == Evidence.Kind.FILE
    assert evidence.size == len(b"%PDF-1.4 deed")
    assert len(evidence.sha256) == 64
    assert "/evidence/" in evidence.file.name and evidence.file.name.endswith("assignment.pdf")
    before = open_request.checks.count()
    services.add_evidence(request=open_request, by=bob, trial="nct09000001")
    assert open_request.checks.count() > before


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({}, "kind"),
        ({"trial": "NCT404", "url": "https://example.com"}, "kind"),
        ({"trial": "NCT00000404"}, "trial"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"upload": SimpleUploadedFile("run.exe", b"MZ")}, "file"),
        ({"upload": SimpleUploadedFile("empty.pdf", b"")}, "file"),
    ],
)
def test_bad_evidence_is_refused_and_nothing_is_stored(open_request, bob, kwargs, field):
    with pytest.raises(InvalidInput) as error:
        services.add_evidence(request=open_request, by=bob, **kwargs)
    assert error.value.field == field
    assert not Evidence.objects.exists()


def test_outsiders_to_a_request_cannot_add_evidence_or_decide(open_request, charlie, bob):
    with pytest.raises(Forbidden):
        services.add_evidence(request=open_request, by=charlie, url="https://example.com")
    with pytest.raises(Forbidden):
        services.decide(requested=open_request.claims.first(), by=bob, grant=True, reasons="self-service")
    assert not Attestation.objects.exists()


def test_staff_may_read_but_not_sign_for_a_certifier(open_request, staff):
    with pytest.raises(Forbidden):
        services.decide(requested=open_request.claims.first(), by=staff, grant=True, reasons="operator")


def test_withdrawn_requests_accept_nothing_more(open_request, alice, cara):
    services.withdraw(request=open_request, by=alice)
    with pytest.raises(Conflict):
        services.add_evidence(request=open_request, by=alice, url="https://example.com/deed")
    with pytest.raises(Conflict):
        services.decide(requested=open_request.claims.first(), by=cara, grant=True, reasons="late")


def test_one_open_request_per_claim_and_certifier(open_request, alice, drug_asset, certifier_org):
    with pytest.raises(Conflict):
        services.request_certification(
            requester=drug_asset.owner,
            asset=drug_asset,
            certifier=certifier_org,
            claims=["validity"],
            by=alice,
        )


@pytest.mark.parametrize(
    "claims", [[], ["validity", "validity"], ["nonsense"]], ids=["none", "twice", "unknown"]
)
def test_bad_claims_are_refused(alice, drug_asset, certifier_org, catalogue, claims):
    with pytest.raises(InvalidInput):
        services.request_certification(
            requester=drug_asset.owner, asset=drug_asset, certifier=certifier_org, claims=claims, by=alice
        )
    assert not CertificationRequest.objects.exists()


def test_claims_the_certifier_does_not_offer_are_refused(alice, drug_asset, certifier_org, catalogue, cara):
    services.save_service(
        certifier=certifier_org,
        by=cara,
        claim="best_in_class",
        fee_amount="1",
        fee_currency="HKD",
        active=False,
    )
    with pytest.raises(InvalidInput):
        services.request_certification(
            requester=drug_asset.owner,
            asset=drug_asset,
            certifier=certifier_org,
            claims=["best_in_class"],
            by=alice,
        )


def test_only_the_managing_organisation_asks(charlie, charlie_org, drug_asset, certifier_org, catalogue):
    with pytest.raises(Forbidden):
        services.request_certification(
            requester=charlie_org, asset=drug_asset, certifier=certifier_org, claims=["validity"], by=charlie
        )


def test_recertification_asks_the_same_certifier_for_the_same_claim(attestation, alice, cara):
    renewal = services.recertify(attestation=attestation, by=alice)
    assert renewal.renews == attestation
    assert list(renewal.claims.values_list("claim", flat=True)) == ["validity"]
    services.revoke(attestation=attestation, by=cara, reason="Superseded by a court ruling.")
    with pytest.raises(Conflict):
        services.recertify(attestation=attestation, by=alice)


def test_reminders_go_once_to_both_sides_when_expiry_nears(
    attestation, alice, cara, django_capture_on_commit_callbacks
):
    reminder_at = attestation.valid_until - datetime.timedelta(days=29)
    assert services.send_expiry_reminders(now=attestation.valid_until - datetime.timedelta(days=31)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_expiry_reminders(now=reminder_at) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.com", "cara@example.com"]
    assert "re-certify" in mail.outbox[0].body
    assert services.send_expiry_reminders(now=reminder_at) == 0
    assert len(mail.outbox) == 2


def test_no_reminder_for_revoked_attestations(attestation, cara):
    services.revoke(attestation=attestation, by=cara, reason="Withdrawn.")
    assert services.send_expiry_reminders(now=attestation.valid_until - datetime.timedelta(days=1)) == 0
    assert not mail.outbox


def test_assets_with_certified_claims_follow_expiry_and_revocation(attestation, cara, drug_asset):
    assert list(services.assets_with_certified("validity")) == [drug_asset]
    assert not services.assets_with_certified("clinical_phase").exists()
    after = attestation.valid_until + datetime.timedelta(seconds=1)
    assert not services.assets_with_certified("validity", at=after).exists()
    services.revoke(attestation=attestation, by=cara, reason="Error in the register.")
    assert not services.assets_with_certified("validity").exists()
    with pytest.raises(InvalidInput):
        services.assets_with_certified("bogus")


def test_the_pending_claims_after_a_refusal_stay_open(open_request, cara):
    services.decide(
        requested=open_request.claims.get(claim="validity"), by=cara, grant=False, reasons="Lapsed?"
    )
    assert open_request.claims.filter(decision=RequestedClaim.Decision.PENDING).count() == 3
    assert CheckResult.objects.filter(request=open_request).count() == 4
