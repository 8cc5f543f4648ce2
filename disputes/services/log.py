"""What the transparency log learns of a case: that it was filed and that it closed, with the kind, the
institution and the date. Everything else (reference, parties, deal, outcome) is committed to only as a
salted hash, so a party can later prove what the entry stood for without the log revealing it."""

from django.utils import timezone

from accounts.models import User
from disputes.models import Case


def log_case(case: Case, kind: str, actor: User) -> None:
    from ledger.services import record
    from ledger.subjects import subject

    record(
        kind,
        # A sealed subject: the case's row number would give away its reference (drawn from that number)
        # and how many cases were filed before it.
        subject=subject("disputes.case", case.pk, confidential=True),
        public={
            "case_kind": case.kind,
            "institution": case.rules.institution_name,
            "date": timezone.localdate().isoformat(),
        },
        confidential={
            "reference": case.reference,
            "parties": sorted(case.parties.values_list("name", flat=True)),
            "deal_room": case.deal_room_id,
            "status": case.status,
            "outcome": case.outcome,
        },
        actor=actor,
    )
