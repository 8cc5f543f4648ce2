"""The seeded rule templates cite an article (or say the figure is the platform's default) for every step,
and the corrected figures reach the templates nobody edited, never those the operator did."""

import pytest

from disputes.models import RuleTemplate
from disputes.rule_templates import TEMPLATES, refresh_unedited_templates, seed_templates, step

pytestmark = pytest.mark.django_db


def test_every_step_cites_its_article_and_passes_the_models_check():
    seed_templates()
    for template in RuleTemplate.objects.all():
        template.full_clean()
        assert all(s["article"] for s in template.steps), template.code
        assert template.source


def test_uncitral_counts_the_default_three_member_tribunal():
    uncitral = next(t for t in TEMPLATES if t["code"] == "uncitral-2021")
    days = {s["code"]: s["days"] for s in uncitral["steps"]}
    assert days == {"answer": 30, "constitution": 60}  # Art. 4(1); Arts. 7(1), 9(2)-(3)
    assert "Art. 9(3)" in uncitral["source"] and uncitral["registration_fee"] == "0"


def test_unedited_templates_take_the_corrected_steps_and_edited_ones_are_kept():
    seed_templates()
    first = [{"code": "answer", "days": 30, "after": "filing", "kind": "arbitration"}]
    RuleTemplate.objects.filter(code="uncitral-2021").update(
        steps=[*first, {"code": "constitution", "days": 30, "after": "filing", "kind": "arbitration"}]
    )
    edited = [*first, {"code": "constitution", "days": 21, "after": "filing", "kind": "arbitration"}]
    RuleTemplate.objects.filter(code="wipo-2021").update(steps=edited)
    refresh_unedited_templates(RuleTemplate)
    uncitral = RuleTemplate.objects.get(code="uncitral-2021")
    assert [s["days"] for s in uncitral.steps] == [30, 60] and uncitral.steps[1]["article"]
    assert RuleTemplate.objects.get(code="wipo-2021").steps == edited


def test_a_step_records_its_article():
    assert step("answer", 30, "filing", "Art. 4(1)")["article"] == "Art. 4(1)"


def test_the_rules_page_reads_the_article_notes_in_chinese(client):
    from django.urls import reverse

    seed_templates()
    for language, default in (("zh-hant", "平台預設"), ("zh-hans", "平台预设")):
        page = client.get(reverse("disputes:rules"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert default in page and "第5.1" in page, language
        assert "Platform default" not in page and "(sole arbitrator designated jointly)" not in page, language
