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
    page.select_option("select[name=role]", "co")
    page.click("form[action$='/appointments/'] button[type=submit]")
    assert "Former counsel of Dana" in page.content()
    page.goto("/disputes/statistics/")
    assert page.locator("figure svg").count() >= 1
    assert "Royalty dispute" not in page.content()
