"""Disputes in Chromium: the claimant opens its case, files a statement that is served on the respondent,
sees a conflicted arbitrator refused with the reason, and the public statistics page draws its charts."""

import pytest

from disputes.models import Neutral, NeutralConflict
from disputes.rule_templates import seed_templates
from disputes.services import filing

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def dispute(alice, alice_org, make_organisation, make_user):
    from disputes.models import RuleTemplate

    seed_templates()
    respondent = make_organisation("Dana Pharma")
    make_user("dana@example.com", respondent, "admin")
    case = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=RuleTemplate.objects.get(code="hkiac-2024"),
        title="Royalty dispute",
        claimant=alice_org,
        respondent=respondent,
    )
    conflicted = Neutral.objects.create(user=make_user("lee@example.com"), name="Lee Conflicted")
    NeutralConflict.objects.create(
        neutral=conflicted, organisation=respondent, reason="Former counsel of Dana"
    )
    return case


def test_claimant_files_a_statement_and_a_conflicted_nomination_is_refused(page, login, alice, dispute):
    login(alice)
    page.goto("/disputes/cases/")
    page.click(f"text={dispute.reference}")
    page.click("text=File a submission")
    page.select_option("select[name=kind]", "statement")
    page.fill("input[name=title]", "Statement of claim")
    page.fill("textarea[name=body]", "The upfront payment is due.")
    page.click("text=File and serve")
    assert "Filed and served" in page.content()
    assert page.locator("text=Statement of claim").count() >= 1
    page.click("text=Nominate or appoint a neutral")
    page.select_option("form[action$='/appointments/'] select[name=role]", "co")
    page.click("form[action$='/appointments/'] button[type=submit]")
    # The party learns the neutral is conflicted; the neutral's private reason stays with the neutral.
    assert "conflict of interest" in page.content() and "Former counsel of Dana" not in page.content()
    page.goto("/disputes/statistics/")
    assert page.locator("figure svg").count() >= 1
    assert "Royalty dispute" not in page.content()


def _shot(page, name: str) -> None:
    """Screenshots of the main dispute pages for docs/screenshots/, when IPHARBOUR_SCREENSHOTS names a folder."""
    import os
    from pathlib import Path

    folder = os.environ.get("IPHARBOUR_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def centre_case(alice, alice_org, make_organisation, make_user):
    """An HKIAC arbitration of Alice Bio against Dana Pharma; Hana is the centre's case officer; three
    neutrals on the roster; Lee applies to join it."""
    from disputes.models import RuleTemplate

    seed_templates()
    centre = make_organisation("Harbour Arbitration Centre", "dispute_institution")
    hana = make_user("hana@example.com", centre, "member")
    RuleTemplate.objects.filter(code="hkiac-2024").update(institution=centre)
    respondent = make_organisation("Dana Pharma")
    dana = make_user("dana@example.com", respondent, "admin")
    case = filing.file_case(
        by=alice,
        kind="arbitration",
        rules=RuleTemplate.objects.get(code="hkiac-2024"),
        title="Royalty dispute",
        claimant=alice_org,
        respondent=respondent,
        amount_in_dispute="3000000",
        currency="HKD",
    )
    for email, name in [("ivan@example.com", "Ivan Chair"), ("jun@example.com", "Jun Wise")]:
        Neutral.objects.create(user=make_user(email), name=name, hourly_rate="6000", languages=["en"])
    return {"case": case, "hana": hana, "dana": dana, "centre": centre, "lee": make_user("lee@example.com")}


def test_a_case_through_the_list_procedure_fees_and_the_roster(page, login, alice, centre_case):
    case, hana, dana = centre_case["case"], centre_case["hana"], centre_case["dana"]
    login(alice)
    page.click("header >> text=Disputes")
    page.wait_for_selector(f"text={case.reference}")
    _shot(page, "disputes-en")
    page.click(f"text={case.reference}")
    assert page.locator("#timetable ~ table td:has-text('in 30 days')").count() >= 1
    page.click("text=Apply for emergency relief")
    page.click("text=Apply for an emergency arbitrator")
    assert "its time limits run from today" in page.content()
    assert page.locator("text=Emergency arbitrator's decision").count() == 1
    _shot(page, "dispute-case-en")

    page.context.clear_cookies()
    login(hana)
    page.goto(f"/disputes/cases/{case.pk}/neutrals/")
    assert page.locator("td:has-text('May sit')").count() == 2
    page.click("text=Propose a list of candidates")
    page.select_option("#id_role", "sole")
    page.get_by_label("Ivan Chair").check()
    page.get_by_label("Jun Wise").check()
    page.click("text=Propose the list")
    assert "each side now ranks the candidates" in page.content()
    page.goto(f"/disputes/cases/{case.pk}/")
    page.click("text=Request a deposit")
    page.select_option("#deposit_side", "claimant")
    page.fill("#deposit_amount", "")
    page.click("form[action$='/fees/deposits/'] button")
    assert "Amount: This field is required." in page.content()  # a translated form error, nothing charged
    page.click("text=Request a deposit")
    page.fill("#deposit_amount", "150000")
    page.click("form[action$='/fees/deposits/'] button")
    assert "HK$150,000.00" in page.content() or "150,000.00" in page.content()

    for party, order in ((alice, ("1", "2")), (dana, ("2", "1"))):
        page.context.clear_cookies()
        login(party)
        page.goto(f"/disputes/cases/{case.pk}/neutrals/")
        ranks = page.locator("input[name^=rank_]")
        ranks.nth(0).fill(order[0])
        ranks.nth(1).fill(order[1])
        page.click("text=Record my side's ranking")
    assert "Appointed" in page.content()  # tie on the sum of ranks: the earlier candidate
    _shot(page, "dispute-neutrals-en")
    page.goto(f"/disputes/cases/{case.pk}/statement/respondent/")
    assert "Statement of fees" in page.content()
    page.goto(f"/disputes/cases/{case.pk}/statement/claimant/")
    assert page.locator("h1").inner_text().startswith("403") or "Statement of fees" not in page.content()

    page.context.clear_cookies()
    login(alice)
    page.goto(f"/disputes/cases/{case.pk}/statement/claimant/")
    _shot(page, "dispute-statement-en")
    origin = page.url.split("/disputes/")[0]
    page.context.add_cookies([{"name": "django_language", "value": "zh-hant", "url": origin}])
    page.goto(f"/disputes/cases/{case.pk}/")
    assert "程序時間表" in page.content() and "剩餘時間" in page.content()

    page.context.clear_cookies()
    login(centre_case["lee"])
    page.goto("/disputes/neutrals/mine/")
    page.fill("#id_name", "Lee Arbitrator")
    page.fill("#id_qualifications", "FCIArb; 15 years of patent licensing")
    page.fill("#id_specialisms", "Biologics, SEP/FRAND")
    page.fill("#id_languages", "en, zh-hant")
    page.fill("#id_hourly_rate", "7000")
    page.fill("#id_conflicts", "Dana Pharma: former counsel")
    page.click("main button:has-text('Apply')")
    assert "Your application is sent to Harbour Arbitration Centre" in page.content()
    _shot(page, "dispute-roster-apply-en")

    page.context.clear_cookies()
    login(hana)
    page.goto("/")
    page.click("text=Applications to your centre's roster to decide")
    page.click("text=Lee Arbitrator")
    page.select_option("#id_decision", "yes")
    page.fill("#id_reason", "Qualified and independent.")
    page.click("text=Record the decision")
    assert "Approved: on the roster" in page.content()
    _shot(page, "dispute-roster-application-en")
    page.goto(f"/disputes/cases/{case.pk}/neutrals/")
    assert "Lee Arbitrator" in page.content() and "former counsel" in page.content()  # conflicted with Dana
    page.goto("/disputes/rules/")
    assert "Art. 4(1)" in page.content() and "Arts. 7(1), 9(2)-(3)" in page.content()  # UNCITRAL, cited
    _shot(page, "dispute-rules-en")
