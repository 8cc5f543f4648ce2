"""Demo disputes: a roster of invented neutrals, an arbitration under way, a mediation that settled and an
arbitration closed by an award, so that the pages and the statistics have something to show.

Called by the demo app (demo.base.load_demo()); running it again changes nothing.
"""

import datetime

from django.utils import timezone

from accounts.models import Organisation, User
from disputes.models import Case, Neutral, Participant, RuleTemplate
from disputes.rule_templates import seed_templates
from disputes.services import decisions, docket, filing, neutrals

# email, name, Chinese name, arbitrator, mediator, expertise, languages, jurisdictions, hourly rate (HKD)
NEUTRALS = [
    (
        "arbitrator@demo.ipharbour.example",
        "Alex Arbiter (demo)",
        "區仲裁（示範）",
        True,
        False,
        "Patent licensing, biologics, royalty audits",
        ["en", "zh-hant"],
        ["HK", "GB"],
        "7500",
    ),
    (
        "mediator@demo.ipharbour.example",
        "Mei Mediator (demo)",
        "梅調解（示範）",
        False,
        True,
        "Technology transfer, university licensing",
        ["en", "zh-hans", "zh-hant"],
        ["HK", "CN"],
        "5000",
    ),
    (
        "chair@demo.ipharbour.example",
        "Chris Chair (demo)",
        "陳主席（示範）",
        True,
        True,
        "Pharmaceutical patents, SEP and FRAND",
        ["en", "zh-hans"],
        ["HK", "CN", "SG"],
        "9000",
    ),
    (
        "coarbitrator@demo.ipharbour.example",
        "Sam Second (demo)",
        "施仲裁（示範）",
        True,
        False,
        "Life-science licensing, cross-border M&A",
        ["en", "zh-hant"],
        ["HK", "SG"],
        "6500",
    ),
    (
        "counsel-turned-arbitrator@demo.ipharbour.example",
        "Connie Counsel (demo)",
        "高律師（示範）",
        True,
        False,
        "Pharmaceutical licensing in the Gulf",
        ["en"],
        ["HK", "AE"],
        "7000",
    ),
]
# A neutral who advised a demo organisation and has declared it, so that the conflict check has something to
# refuse (docs/examples/dispute.py nominates her and expects the refusal).
DECLARED_CONFLICT = (
    "counsel-turned-arbitrator",
    "demo-gulf-pharma",
    "Advised Gulf Pharma on its licensing (demo).",
)
OFFICER = "caseofficer@demo.ipharbour.example"


def _user(email: str, name: str, organisation: Organisation | None = None) -> User:
    from accounts.models import Membership

    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email,
        None,
        display_name=name,  # the demo app gives every demo person the demo password
    )
    if organisation is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "member"})
    return user


def _roster() -> dict[str, Neutral]:
    found = {}
    for email, name, local, arbitrator, mediator, expertise, languages, places, rate in NEUTRALS:
        user = _user(email, name)
        found[email.split("@")[0]], _created = Neutral.objects.get_or_create(
            user=user,
            defaults={
                "name": name,
                "name_local": local,
                "arbitrator": arbitrator,
                "mediator": mediator,
                "expertise": expertise,
                "languages": languages,
                "jurisdictions": places,
                "hourly_rate": rate,
                "currency": "HKD",
                "is_demo": True,
            },
        )
    neutral, slug, reason = DECLARED_CONFLICT
    organisation = Organisation.objects.filter(slug=slug).first()
    declared = found[neutral].conflicts.filter(organisation=organisation).exists()
    if organisation is not None and not declared:
        neutrals.declare_conflict(
            neutral=found[neutral], by=_account(found[neutral]), reason=reason, organisation=organisation
        )
    return found


def _account(neutral: Neutral) -> User:
    if neutral.user is None:
        raise ValueError(f"the demo neutral {neutral} has no account")
    return neutral.user


def _file(
    title: str, kind: str, rules: str, claimant: str, respondent: str, officer: User, **extra
) -> Case | None:
    if Case.objects.filter(title=title, is_demo=True).exists():
        return None
    claimant_org = Organisation.objects.get(slug=claimant)
    filer = User.objects.filter(memberships__organisation=claimant_org, memberships__role="admin").first()
    if filer is None:
        return None
    case = filing.file_case(
        by=filer,
        kind=kind,
        rules=RuleTemplate.objects.get(code=rules),
        title=title,
        claimant=claimant_org,
        respondent=Organisation.objects.get(slug=respondent),
        **extra,
    )
    Case.objects.filter(pk=case.pk).update(is_demo=True)
    Participant.objects.get_or_create(case=case, user=officer, role=Participant.Role.CASE_OFFICER)
    return case


def _representative(case: Case, side: str) -> User:
    return User.objects.filter(
        dispute_seats__case=case,
        dispute_seats__party__side=side,
        dispute_seats__role=Participant.Role.REPRESENTATIVE,
    ).first()  # type: ignore[return-value]  # every demo party has its administrator seated


def _arbitration_under_way(roster: dict[str, Neutral], officer: User) -> int:
    case = _file(
        "Royalty audit dispute (demo)",
        "arbitration",
        "hkiac-2024",
        "demo-shanghai-oncology",
        "demo-gulf-pharma",
        officer,
        amount_in_dispute="12000000",
        currency="HKD",
        summary="Disagreement over the royalty base after a step-down. (Demo)",
    )
    if case is None:
        return 0
    claimant, respondent = _representative(case, "claimant"), _representative(case, "respondent")
    neutrals.appoint(
        case=case,
        by=officer,
        neutral=roster["arbitrator"],
        role="sole",
        declaration="I have no relationship with either party. (Demo)",
    )
    docket.file_submission(
        case=case,
        by=claimant,
        kind="statement",
        title="Statement of claim (demo)",
        body="The step-down was applied before the patent expired.",
        documents=[("statement.txt", b"Statement of claim (demo).")],
    )
    docket.file_submission(
        case=case,
        by=respondent,
        kind="answer",
        title="Answer (demo)",
        body="The step-down applies from the first generic entry.",
    )
    start = timezone.now().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=21)
    docket.schedule_hearing(
        case=case,
        by=_account(roster["arbitrator"]),
        title="Evidentiary hearing (demo)",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=6),
        mode="online",
        venue="https://hearings.example/demo",
    )
    return 1


def _settled_mediation(roster: dict[str, Neutral], officer: User) -> int:
    case = _file(
        "University licence scope (demo)",
        "mediation",
        "wipo-2021",
        "demo-harbour-university",
        "demo-lingnan-tcm",
        officer,
    )
    if case is None:
        return 0
    neutrals.appoint(case=case, by=officer, neutral=roster["mediator"], role="mediator")
    settlement = decisions.issue_decision(
        case=case,
        by=_account(roster["mediator"]),
        kind="settlement",
        title="Settlement agreement (demo)",
        text="The field of use is clarified to oral formulations. (Demo)",
    )
    for side in ("claimant", "respondent"):
        decisions.sign_settlement(decision=settlement, by=_representative(case, side))
    return 1


APPLICANT = "applicant@demo.ipharbour.example"


def _roster_application(centre: Organisation | None) -> int:
    """The demo roster's neutrals sit on the demo centre's roster, and one more arbitrator is waiting for the
    centre's decision on her application."""
    from disputes.models import RosterApplication
    from disputes.services import roster as rosters

    if centre is None:
        return 0
    for neutral in Neutral.objects.filter(is_demo=True):
        neutral.rosters.add(centre)
    applicant = _user(APPLICANT, "Pat Applicant (demo)")
    if RosterApplication.objects.filter(applicant=applicant).exists():
        return 0
    rosters.apply_to_roster(
        by=applicant,
        centre=centre,
        name="Pat Applicant (demo)",
        name_local="白申請（示範）",
        qualifications="Solicitor (Hong Kong), FCIArb; ten years of pharmaceutical licensing disputes. (Demo)",
        specialisms="Biosimilars, patent term extensions",
        languages=["en", "zh-hant"],
        jurisdictions=["HK", "GB"],
        hourly_rate="5500",
        conflicts=[{"name": "Shanghai Oncology Biotech (demo)", "reason": "Acted for it in 2024. (Demo)"}],
    )
    return 1


def load_demo_disputes(orgs: dict[str, Organisation]) -> dict[str, int]:
    seed_templates()
    officer = _user(OFFICER, "Carmen Case-Officer (demo)", orgs.get("demo-arbitration"))
    # The demo centre administers cases under the UNCITRAL Rules (as institutions do for ad hoc arbitrations),
    # so its case officer sees a case filed under them (docs/examples/dispute.py with IPHARBOUR_RULES).
    if "demo-arbitration" in orgs:
        RuleTemplate.objects.filter(code="uncitral-2021", institution__isnull=True).update(
            institution=orgs["demo-arbitration"]
        )
    roster = _roster()
    return {
        "neutrals": len(roster),
        "cases": _arbitration_under_way(roster, officer) + _settled_mediation(roster, officer),
        "roster_applications": _roster_application(orgs.get("demo-arbitration")),
    }
