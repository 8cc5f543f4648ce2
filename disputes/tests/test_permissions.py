"""Every disputes page and endpoint from five viewpoints: anonymous, outsider (Charlie), participant (Bob,
Alice Bio's counsel in the case), owner (Alice, who filed it) and staff (Olivia). Outsiders get 404 and
learn nothing; refused actions change nothing.

A row names the objects it needs as "fixture.key" (a bare key is one of `world`'s): each test builds only
the fixtures its rows name, so a step that needs a pending challenge or a signed deal gets one."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from disputes.models import Case, NeutralConflict, RosterApplication
from disputes.services import docket
from tests.matrix import LOGIN, Row, check, check_viewpoint, each_viewpoint, generic

pytestmark = pytest.mark.django_db

SECRET = "CONFIDENTIAL-SUMMARY"


@pytest.fixture
def world(standalone, alice, ivan):
    submission = docket.file_submission(
        case=standalone,
        by=alice,
        kind="statement",
        title="Claim",
        body=SECRET,
        documents=[("c.txt", b"exhibit")],
    )
    return {
        "case": standalone,
        "submission": submission,
        "number": submission.number,
        "document": submission.documents.get(),
        "neutral": ivan,
    }


@pytest.fixture
def steps(world, staff, ivan, jun, kit):
    """The standalone case with a sitting presiding arbitrator (Ivan), a list of candidates, a paid
    registration fee, a deposit asked of the respondent and an open subsidy programme."""
    from disputes.models import FeeSubsidyProgramme
    from disputes.services import fees, neutrals

    case = world["case"]
    fees.record_payment(fee=case.fees.get(kind="registration"), by=staff, reference="R1")
    return {
        "appointment": neutrals.appoint(case=case, by=staff, neutral=ivan, role="presiding"),
        "list": neutrals.propose_list(case=case, by=staff, role="co", candidates=[jun, kit]),
        "candidates": [jun.pk, kit.pk],
        "spare": jun,
        "programme": FeeSubsidyProgramme.objects.create(
            name="Fee support",
            share_of_fees=Decimal("0.5"),
            cap_per_case=Decimal("10000"),
            budget=Decimal("100000"),
            currency="HKD",
            starts_on=datetime.date(2020, 1, 1),
            source="Test programme",
        ),
        "deposit": fees.request_deposit(
            case=case, by=staff, party=case.parties.get(side="respondent"), amount="1000", currency="HKD"
        ),
    }


@pytest.fixture
def newcomer(make_user):
    """An account a party may add to its case by e-mail address."""
    return {"email": make_user("extra@example.com").email}


@pytest.fixture
def challenge(world, steps):
    """A challenge the respondent raised against the presiding arbitrator, waiting for the institution."""
    from disputes.services import neutrals

    raised = neutrals.raise_challenge(appointment=steps["appointment"], by=world["case"].dana, grounds="Bias")
    return {"challenge": raised}


@pytest.fixture
def mediation(alice, alice_org, bob, hkiac, dana_org):
    """A mediation Alice Bio brings against Dana Pharma; Bob is its counsel."""
    from disputes.models import Participant
    from disputes.services import filing

    filed = filing.file_case(
        by=alice, kind="mediation", rules=hkiac, title="Mediation", claimant=alice_org, respondent=dana_org
    )
    filing.add_participant(case=filed, by=alice, user=bob, role=Participant.Role.COUNSEL)
    return {"case": filed}


@pytest.fixture
def settlement(mediation, alice, jun):
    """The mediator's settlement agreement, put up for the parties' signatures."""
    from disputes.services import decisions, neutrals

    case = mediation["case"]
    neutrals.nominate(case=case, by=alice, neutral=jun, role="mediator")
    drafted = decisions.issue_decision(
        case=case, by=jun.user, kind="settlement", title="Settlement", text="Dana pays HKD 1m."
    )
    return {"case": case, "settlement": drafted, "sha256": drafted.sha256}


@pytest.fixture
def deal_case(case):
    """The arbitration filed from the signed deal, with the deal's files copied into it."""
    return {"case": case, "file": case.files.first()}


@pytest.fixture
def award(case, asset, ivan, staff):
    """A final award in the deal's case ending Dana Pharma's licence, for the operator to apply."""
    from assets.models import Encumbrance
    from disputes.services import decisions, neutrals

    neutrals.appoint(case=case, by=staff, neutral=ivan, role="sole")
    licence = Encumbrance.objects.get(asset=asset, released_at__isnull=True)
    issued = decisions.issue_decision(
        case=case,
        by=ivan.user,
        kind="final_award",
        title="Final award",
        text="The licence ends.",
        outcome="claimant",
        effects=[{"action": "end_licence", "encumbrance": licence.pk}],
    )
    return {"case": case, "award": issued, "licence": licence}


@pytest.fixture
def centre(institution):
    return {"centre": institution, "slug": institution.slug}


@pytest.fixture
def roster(alice, institution):
    """Alice's application to the Harbour Arbitration Centre's roster, which its member Hana decides."""
    from disputes.services import roster

    made = roster.apply_to_roster(
        by=alice,
        centre=institution,
        name="Alice Arbitrator",
        qualifications=f"FCIArb; 15 years of patent licensing; {SECRET}",
        languages=["en", "zh-hant"],
        conflicts=[{"name": "Dana Pharma", "reason": "Former client"}],
    )
    return {"application": made}


@pytest.fixture
def viewpoints(users, ivan, hana):
    """The five viewpoints, and the rows' extra ones: a neutral on the roster and the centre's officer."""
    return {**users, "neutral": ivan.user, "officer": hana}


def _resolver(request):
    """A row's key "fixture.key" (a bare key is world's) as the value it stands for: an object's pk."""

    def resolve(key: str):
        fixture, _, name = key.rpartition(".")
        value = request.getfixturevalue(fixture or "world")[name]
        return getattr(value, "pk", value)

    return resolve


CASE = {"pk": "case"}
ALL = (200, 200, 200, 200, 200)
PARTIES = (401, 404, 200, 200, 200)
CASE_PAGE = (LOGIN, 404, 200, 200, 200)
DEAL_FILE = {"pk": "deal_case.case", "file_id": "deal_case.file"}
APPLICATION = {"pk": "roster.application"}


def _read(path: str, expected, params=CASE, **extra) -> Row:
    return Row(f"GET /api/v1/disputes/{path}", expected, params=params, **extra)


MATRIX = [
    Row("disputes:statistics", ALL),
    Row("disputes:roster", ALL),
    Row("disputes:rules", ALL),
    Row("disputes:cases", (301, 301, 301, 301, 301), note="the older address of disputes:index"),
    Row("disputes:index", ALL),
    Row("disputes:neutrals", CASE_PAGE, params=CASE),
    Row("disputes:statement", CASE_PAGE, params={**CASE, "side": "=claimant"}),
    Row(
        "disputes:submission_document",
        CASE_PAGE,
        params={**CASE, "number": "number", "document_pk": "document"},
    ),
    Row("disputes:my_roster", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:roster_applications", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:file", (LOGIN, 200, 200, 200, 200)),
    Row("disputes:case", CASE_PAGE, params=CASE),
    Row("disputes:submission", CASE_PAGE, params={**CASE, "number": "number"}),
    Row("disputes:case_file", CASE_PAGE, params={"pk": "deal_case.case", "file_pk": "deal_case.file"}),
    # The applicant (Alice) and the centre's officers read an application; nobody else learns of it.
    Row(
        "disputes:roster_application", (LOGIN, 404, 404, 200, 200), params=APPLICATION, extra={"officer": 200}
    ),
    _read("rules", ALL, {}),
    _read("neutrals", ALL, {}),
    _read("statistics", ALL, {}),
    _read("deals", (401, 200, 200, 200, 200), {}),
    _read("cases", (401, 200, 200, 200, 200), {}),
    _read("cases/{pk}", PARTIES),
    _read("cases/{pk}/deadlines", PARTIES),
    _read("cases/{pk}/submissions", PARTIES),
    _read("cases/{pk}/submissions/{number}", PARTIES, {**CASE, "number": "number"}),
    _read(
        "cases/{pk}/submissions/{number}/documents/{document_id}",
        PARTIES,
        {**CASE, "number": "number", "document_id": "document"},
    ),
    _read("cases/{pk}/hearings", PARTIES),
    _read("cases/{pk}/decisions", PARTIES),
    _read("cases/{pk}/challenges", PARTIES),
    _read("cases/{pk}/fees", PARTIES),
    _read("cases/{pk}/statement/{side}", PARTIES, {**CASE, "side": "=claimant"}),
    _read("cases/{pk}/statement/{side}", (401, 404, 403, 403, 200), {**CASE, "side": "=respondent"}),
    _read("cases/{pk}/conflict-check/{neutral_id}", PARTIES, {**CASE, "neutral_id": "neutral"}),
    _read("cases/{pk}/files/{file_id}", PARTIES, DEAL_FILE),
    _read("cases/{pk}/files/{file_id}/verify", PARTIES, DEAL_FILE),
    _read("neutrals/me", (401, 404, 404, 404, 404), {}, extra={"neutral": 200}),
    # A neutral's own conflicts: everyone signed in asks, and only the neutral and the operator get rows.
    _read("neutrals/{pk}/conflicts", (401, 200, 200, 200, 200), {"pk": "neutral"}),
    # Everyone signed in lists applications: their own and those made to their centres (an outsider's list
    # is empty, test_roster_applications_are_listed_only_to_the_applicant_and_the_centre).
    _read("roster-applications", (401, 200, 200, 200, 200), {}),
    _read("roster-applications/{pk}", (401, 404, 404, 200, 200), APPLICATION),
]


# The writes. Each viewpoint tries each on a fresh world (test_writes). A write names what it changes, read
# through `get` (pytest's getfixturevalue) before and after: it changes exactly when the viewpoint's status
# says it went through. A page that went through sends the person back (to the case unless the row says).
Get = Callable[[str], Any]
CHANGES: dict[str, Callable[[Get], Any]] = {}
BACK: dict[str, Callable[[Get], str]] = {}


def _case(get: Get) -> Case:
    return get("world")["case"]


def _fresh(found):
    return type(found).objects.get(pk=found.pk)


def _to_case(get: Get) -> str:
    return reverse("disputes:case", args=[_case(get).pk])


def _api(path, expected, changes, params=CASE, body=None, method="POST", **extra) -> Row:
    row = Row(
        f"{method} /api/v1/disputes/{path}", expected, params, body=body, checked_by="test_writes", **extra
    )
    CHANGES[row.endpoint] = changes
    return row


def _page(name, expected, changes, params=CASE, body=None, back=_to_case, **extra) -> Row:
    row = Row(name, expected, params, body=body, method="post", checked_by="test_writes", **extra)
    CHANGES[row.endpoint], BACK[row.endpoint] = changes, back
    return row


def _deadlines(get: Get) -> int:
    return _case(get).deadlines.count()


def _fees(get: Get) -> int:
    return _case(get).fees.count()


def _paid(get: Get) -> int:
    return _case(get).fees.filter(paid_on__isnull=False).count()


def _status(get: Get) -> str:
    return _fresh(_case(get)).status


def _participants(get: Get) -> int:
    return _case(get).participants.count()


def _affiliates(get: Get) -> list[str]:
    return _case(get).parties.get(side="claimant").affiliate_names


def _hearings(get: Get) -> int:
    return _case(get).hearings.count()


def _decisions(get: Get) -> int:
    return _case(get).decisions.count()


def _submissions(get: Get) -> int:
    return _case(get).submissions.count()


def _appointments(get: Get) -> int:
    return _case(get).appointments.count()


def _challenges(get: Get) -> int:
    return _case(get).challenges.count()


def _pending_challenges(get: Get) -> int:
    return _case(get).challenges.filter(status="pending").count()


def _lists(get: Get) -> int:
    return _case(get).lists.count()


def _subsidies(get: Get) -> int:
    return _case(get).subsidies.count()


def _followed(get: Get) -> int:
    return Case.objects.filter(previous=get("mediation")["case"]).count()


def _signatures(get: Get) -> int:
    return get("settlement")["settlement"].signatures.count()


def _licence_ended(get: Get):
    return _fresh(get("award")["licence"]).released_at


def _decided(get: Get) -> str:
    return _fresh(get("roster")["application"]).status


def _applications(get: Get) -> int:
    return RosterApplication.objects.count()


def _conflicts(get: Get) -> int:
    return NeutralConflict.objects.count()


def _neutrals_page(get: Get) -> str:
    return reverse("disputes:neutrals", args=[_case(get).pk])


def _follower(get: Get) -> str:
    return reverse("disputes:case", args=[Case.objects.get(previous=get("mediation")["case"]).pk])


def _to_mediation(get: Get) -> str:
    return reverse("disputes:case", args=[get("settlement")["case"].pk])


def _to_award(get: Get) -> str:
    return reverse("disputes:case", args=[get("award")["case"].pk])


def _to_application(get: Get) -> str:
    return reverse("disputes:roster_application", args=[get("roster")["application"].pk])


def _to_my_roster(get: Get) -> str:
    return reverse("disputes:my_roster")


HEARING = {"title": "Hearing", "mode": "online", "venue": "https://v.example"}
ORDER = {"kind": "order", "title": "PO1", "text": "Timetable."}
EXHIBIT = {"kind": "evidence", "title": "Exhibit"}
FEE = {"appointment": "@steps.appointment", "side": "claimant", "hours": "2.5"}
SUBSIDY = {"programme": "@steps.programme", "side": "claimant"}
CHALLENGE = {"appointment": "@steps.appointment", "grounds": "Undisclosed ties"}
CHALLENGED = {**CASE, "challenge_id": "challenge.challenge"}
SETTLEMENT = {"pk": "settlement.case", "decision_id": "settlement.settlement"}
AWARD = {"pk": "award.case", "decision_id": "award.award"}
SIGN = {"text_sha256": "@settlement.sha256"}
APPLYING = {"name": "Applicant", "qualifications": "Barrister", "hourly_rate": "5000", "currency": "HKD"}
APPLYING_ON_THE_PAGE = {
    **APPLYING,
    "arbitrator": "on",
    "languages": "en, zh-hant",
    "conflicts": "Dana Pharma: former client",
}
FILING = {
    "kind": "arbitration",
    "rules": "hkiac-2024",
    "title": "Another dispute",
    "claimant": "alice-bio",
    "respondent_name": "Dana Pharma",
}


def _renamed(params: dict[str, str], **names: str) -> dict[str, str]:
    """The API's URL parameters under the page's names (challenge_id → challenge_pk)."""
    return {names.get(name, name): key for name, key in params.items()}


API_WRITES = [
    _api("cases/{pk}/withdrawal", (401, 404, 200, 200, 403), _status),
    _api(
        "cases/{pk}/deadlines",
        (401, 404, 403, 403, 201),
        _deadlines,
        body={"title": "Reply", "due_on": "2030-01-31"},
    ),
    _api(
        "cases/{pk}/participants",
        (401, 404, 201, 201, 403),
        _participants,
        body={"email": "dana@example.com", "role": "counsel"},
    ),
    _api("cases/{pk}/emergency", (401, 404, 201, 201, 403), _deadlines),
    _api(
        "cases/{pk}/hearings",
        (401, 404, 403, 403, 201),
        _hearings,
        body={**HEARING, "starts_at": "2030-05-01T09:00:00+08:00", "ends_at": "2030-05-01T12:00:00+08:00"},
    ),
    _api("cases/{pk}/decisions", (401, 404, 403, 403, 403), _decisions, body=ORDER),
    _api("cases/{pk}/submissions", (401, 404, 201, 201, 201), _submissions, body=EXHIBIT),
    # A party nominates; the operator is no party (an officer appoints with method "institution").
    _api(
        "cases/{pk}/appointments",
        (401, 404, 201, 201, 403),
        _appointments,
        body={"neutral": "@steps.spare", "role": "co"},
    ),
    _api(
        "cases/{pk}/fees/deposits",
        (401, 404, 403, 403, 201),
        _fees,
        body={"side": "claimant", "amount": "50000", "currency": "HKD"},
    ),
    _api(
        "cases/{pk}/affiliates",
        (401, 404, 200, 200, 403),
        _affiliates,
        body={"names": ["Alice Holdings"]},
        method="PUT",
    ),
    _api(
        "neutrals/{pk}/conflicts",
        (401, 404, 404, 404, 201),
        _conflicts,
        params={"pk": "neutral"},
        body={"reason": "Advised one party", "name": "Acme Holdings"},
        extra={"neutral": 201},
    ),
    # Filing is for an organisation one acts for: neither Charlie nor the operator acts for Alice Bio.
    _api("cases", (401, 403, 201, 201, 403), lambda get: Case.objects.count(), params={}, body=FILING),
    _api(
        "cases/{pk}/arbitration",
        (401, 404, 201, 201, 403),
        _followed,
        params={"pk": "mediation.case"},
        body={"rules": ""},
    ),
    _api("cases/{pk}/challenges", (401, 404, 201, 201, 403), _challenges, body=CHALLENGE),
    _api(
        "cases/{pk}/challenges/{challenge_id}/decision",
        (401, 404, 403, 403, 200),
        _pending_challenges,
        params=CHALLENGED,
        body={"uphold": False, "reason": "No grounds."},
    ),
    _api(
        "cases/{pk}/decisions/{decision_id}/registry", (401, 404, 403, 403, 200), _licence_ended, params=AWARD
    ),
    _api(
        "cases/{pk}/decisions/{decision_id}/signature",
        (401, 404, 200, 200, 403),
        _signatures,
        params=SETTLEMENT,
        body=SIGN,
    ),
    _api("cases/{pk}/fees/neutrals", (401, 404, 403, 403, 201), _fees, body=FEE),
    _api(
        "cases/{pk}/fees/{fee_id}/payment",
        (401, 404, 403, 403, 200),
        _paid,
        params={**CASE, "fee_id": "steps.deposit"},
        body={"reference": "BANK-1"},
    ),
    _api(
        "cases/{pk}/lists",
        (401, 404, 403, 403, 201),
        _lists,
        body={"role": "co", "candidates": "@steps.candidates"},
    ),
    _api(
        "cases/{pk}/lists/{list_id}/ranking",
        (401, 404, 200, 200, 403),
        lambda get: _fresh(get("steps")["list"]).rankings,
        params={**CASE, "list_id": "steps.list"},
        body={"ranking": "@steps.candidates"},
    ),
    _api("cases/{pk}/subsidies", (401, 404, 403, 403, 201), _subsidies, body=SUBSIDY),
    # The roster: anyone signed in applies; the centre's officers decide, never the applicant.
    _api(
        "roster-applications",
        (401, 201, 201, 201, 201),
        _applications,
        params={},
        body={**APPLYING, "centre": "@centre.slug", "languages": ["en"]},
    ),
    _api(
        "roster-applications/{pk}/decision",
        (401, 404, 404, 403, 200),
        _decided,
        params=APPLICATION,
        body={"approve": False, "reason": "Not enough experience."},
        extra={"officer": 200},
    ),
]

PAGE_WRITES = [
    _page("disputes:submit", (LOGIN, 404, 302, 302, 302), _submissions, body=EXHIBIT),
    _page(
        "disputes:schedule_hearing",
        (LOGIN, 404, 403, 403, 302),
        _hearings,
        body={**HEARING, "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T12:00"},
    ),
    _page("disputes:issue_decision", (LOGIN, 404, 403, 403, 403), _decisions, body=ORDER),
    # On the page a party nominates and an officer (the operator too) appoints as the institution.
    _page(
        "disputes:nominate",
        (LOGIN, 404, 302, 302, 302),
        _appointments,
        body={"neutral": "@steps.spare", "role": "co"},
    ),
    _page("disputes:challenge", (LOGIN, 404, 302, 302, 403), _challenges, body=CHALLENGE),
    _page(
        "disputes:decide_challenge",
        (LOGIN, 404, 403, 403, 302),
        _pending_challenges,
        params=_renamed(CHALLENGED, challenge_id="challenge_pk"),
        body={"decision": "no", "reason": "No grounds."},
    ),
    _page(
        "disputes:propose_list",
        (LOGIN, 404, 403, 403, 302),
        _lists,
        body={"role": "co", "candidates": "@steps.candidates"},
        back=_neutrals_page,
    ),
    _page(
        "disputes:set_deadline",
        (LOGIN, 404, 403, 403, 302),
        _deadlines,
        body={"title": "Statement of claim", "due_on": "2030-01-31"},
    ),
    _page("disputes:emergency", (LOGIN, 404, 302, 302, 403), _deadlines),
    _page(
        "disputes:add_participant",
        (LOGIN, 404, 302, 302, 403),
        _participants,
        body={"email": "@newcomer.email", "role": "representative"},
    ),
    _page(
        "disputes:affiliates",
        (LOGIN, 404, 302, 302, 403),
        _affiliates,
        body={"names": "Alice Holdings\nAlice Labs"},
    ),
    _page(
        "disputes:request_deposit",
        (LOGIN, 404, 403, 403, 302),
        _fees,
        body={"side": "claimant", "amount": "50000", "currency": "HKD", "description": "Deposit"},
    ),
    _page("disputes:charge_neutral_fee", (LOGIN, 404, 403, 403, 302), _fees, body=FEE),
    _page(
        "disputes:record_payment",
        (LOGIN, 404, 403, 403, 302),
        _paid,
        params={**CASE, "fee_pk": "steps.deposit"},
        body={"reference": "BANK-1"},
    ),
    _page("disputes:grant_subsidy", (LOGIN, 404, 403, 403, 302), _subsidies, body=SUBSIDY),
    _page("disputes:withdraw", (LOGIN, 404, 302, 302, 403), _status),
    _page(
        "disputes:refer",
        (LOGIN, 404, 302, 302, 403),
        _followed,
        params={"pk": "mediation.case"},
        body={"rules": ""},
        back=_follower,
    ),
    _page(
        "disputes:sign",
        (LOGIN, 404, 302, 302, 403),
        _signatures,
        params=_renamed(SETTLEMENT, decision_id="decision_pk"),
        body=SIGN,
        back=_to_mediation,
    ),
    _page(
        "disputes:apply_effects",
        (LOGIN, 404, 403, 403, 302),
        _licence_ended,
        params=_renamed(AWARD, decision_id="decision_pk"),
        back=_to_award,
    ),
    _page(
        "disputes:roster_application",
        (LOGIN, 404, 404, 403, 302),
        _decided,
        params=APPLICATION,
        body={"decision": "yes", "reason": "Well qualified."},
        back=_to_application,
        extra={"officer": 302},
    ),
    _page(
        "disputes:my_roster",
        (LOGIN, 302, 302, 302, 302),
        _applications,
        params={},
        body={**APPLYING_ON_THE_PAGE, "centre": "@centre.centre"},
        back=_to_my_roster,
    ),
    # Only a neutral on the roster declares its own conflicts; for anyone else the page does not exist.
    _page(
        "disputes:declare_conflict",
        (LOGIN, 404, 404, 404, 404),
        _conflicts,
        params={},
        body={"name": "Some Pharma", "reason": "Shareholder"},
        back=_to_my_roster,
        extra={"neutral": 302},
    ),
]
WRITES = API_WRITES + PAGE_WRITES

# A list is ranked on the page with one field per candidate (rank_<neutral's pk>), which a row's body cannot
# name; test_ranking_a_list_on_the_page fills them in.
RANKING = Row(
    "disputes:rank_list",
    (LOGIN, 404, 302, 302, 403),
    {**CASE, "list_pk": "steps.list"},
    method="post",
    checked_by="test_ranking_a_list_on_the_page",
)
MATRIX += [*WRITES, RANKING]


@pytest.mark.parametrize("row", generic(MATRIX), ids=str)
def test_matrix(request, client_as, viewpoints, row):
    resolve = _resolver(request)
    check(row, lambda viewpoint: client_as(viewpoints[viewpoint]), resolve, secret=SECRET.encode())
    if not row.is_api:
        for viewpoint in ("anonymous", "outsider"):
            assert b"Standalone dispute" not in client_as(viewpoints[viewpoint]).get(row.url(resolve)).content


class _Recording:
    """A test client that keeps its last response, to read where a page sent the person."""

    def __init__(self, client):
        self.client = client
        self.response: Any = None

    def __getattr__(self, name):
        def send(*args, **kwargs):
            self.response = getattr(self.client, name)(*args, **kwargs)
            return self.response

        return send


def _went_through(row: Row, viewpoint: str) -> bool:
    return viewpoint != "anonymous" and row.statuses()[viewpoint] in (200, 201, 302)


@pytest.mark.parametrize(("row", "viewpoint"), each_viewpoint(WRITES))
def test_writes(request, client_as, viewpoints, row, viewpoint):
    resolve, get = _resolver(request), request.getfixturevalue
    row.url(resolve), row.payload(resolve)  # build the fixtures the row names before reading the state
    before = CHANGES[row.endpoint](get)
    client = _Recording(client_as(viewpoints[viewpoint]))
    check_viewpoint(row, viewpoint, client, resolve)
    went_through = _went_through(row, viewpoint)
    assert (CHANGES[row.endpoint](get) != before) == went_through
    if went_through and not row.is_api:
        assert client.response["Location"] == BACK[row.endpoint](get)


@pytest.mark.parametrize("viewpoint", RANKING.statuses())
def test_ranking_a_list_on_the_page(request, client_as, viewpoints, steps, viewpoint):
    proposal = steps["list"]
    ranks = {f"rank_{pk}": rank for rank, pk in enumerate(steps["candidates"], start=1)}
    response = client_as(viewpoints[viewpoint]).post(RANKING.url(_resolver(request)), ranks)
    assert response.status_code == RANKING.statuses()[viewpoint]
    assert (_fresh(proposal).rankings != proposal.rankings) == _went_through(RANKING, viewpoint)
    if _went_through(RANKING, viewpoint):
        assert response["Location"] == reverse("disputes:neutrals", args=[proposal.case_id])


def test_roster_applications_are_listed_only_to_the_applicant_and_the_centre(client_as, users, roster, hana):
    for reader, sees in [
        (users["outsider"], False),
        (users["participant"], False),
        (users["owner"], True),
        (hana, True),
    ]:
        page = client_as(reader).get(reverse("disputes:roster_applications")).content
        assert (b"Alice Arbitrator" in page) == sees
        listed = client_as(reader).get("/api/v1/disputes/roster-applications").json()
        assert [found["name"] for found in listed] == (["Alice Arbitrator"] if sees else [])


def test_the_case_list_shows_outsiders_nothing(client_as, users, world):
    assert client_as(users["outsider"]).get("/api/v1/disputes/cases").json() == []
    assert [c["id"] for c in client_as(users["participant"]).get("/api/v1/disputes/cases").json()] == [
        world["case"].pk
    ]


def test_the_respondent_and_the_case_officer_see_the_case(client_as, world, hana):
    case = world["case"]
    assert client_as(case.dana).get(f"/api/v1/disputes/cases/{case.pk}").status_code == 200
    assert client_as(hana).get(f"/api/v1/disputes/cases/{case.pk}").status_code == 200


def test_an_application_made_on_the_page_keeps_its_declared_conflicts(client_as, alice, centre):
    form = {**APPLYING_ON_THE_PAGE, "centre": centre["centre"].pk}
    client_as(alice).post(reverse("disputes:my_roster"), form)
    made = RosterApplication.objects.get(name="Applicant")
    assert made.conflicts == [{"name": "Dana Pharma", "reason": "former client"}]
