"""The bilingual portfolio CSV: the template round-trips, rows become the organisation's assets."""

import csv
import io

import pytest

from assets.importers import import_patents, import_portfolio, portfolio_template_csv
from assets.models import Asset, BiomedicalProfile, ImportRun
from assets.tests.patent_samples import jsonl_record, write_jsonl
from core.errors import Forbidden, NotFound

pytestmark = pytest.mark.django_db

ROW = {
    "type / 类型": "发明专利",
    "jurisdiction / 法域": "CN",
    "number / 号码": "CN 115000001 B",
    "application number / 申请号": "202110000001.5",
    "application date / 申请日": "2021/3/5",
    "publication date / 公开日": "2022-09-06",
    "grant date / 授权日": "2023-05-12",
    "title / 标题": "一种抗肿瘤化合物及其用途",
    "abstract / 摘要": "本发明提供一种激酶抑制剂。",
    "applicants / 申请人": "上海示例医药有限公司；复旦大学",
    "inventors / 发明人": "张伟; 李明",
    "CPC codes / CPC分类号": "A61K 31/519; A61P 35/00",
    "visibility / 可见性": "",
    "drug name / 药物名称": "示例替尼",
    "INN / 国际非专利药品名称": "exampletinib",
    "modality / 药物类型": "小分子",
    "targets / 靶点": "EGFR; HER2",
    "indications / 适应症": "非小細胞肺癌; breast; 罕见病X",
    "phase / 研发阶段": "临床II期",
    "TCM formula / 中药方剂组成": "",
}


def filled_template(*rows: dict, template: str | None = None) -> io.BytesIO:
    """The generated template with rows filled in under its own header, as a person would upload it."""
    template = template if template is not None else portfolio_template_csv()
    header = next(csv.reader([template.lstrip("\ufeff")]))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    upload = io.BytesIO(("\ufeff" + buffer.getvalue()).encode())
    upload.name = "portfolio.csv"
    return upload


def row(**changes) -> dict:
    return {**ROW, **changes}


def test_the_template_has_bilingual_headers_and_a_bom():
    template = portfolio_template_csv()

    assert template.startswith("\ufeff")
    header = next(csv.reader([template.lstrip("\ufeff")]))
    assert "title / 标题" in header
    assert "indications / 适应症" in header
    assert len(header) == len(set(header))


def test_the_template_round_trips_into_an_owned_confidential_asset(alice_org, alice):
    result = import_portfolio(filled_template(ROW), organisation=alice_org, user=alice)

    assert (result.created, result.rejected) == (1, 0), result.errors
    asset = Asset.objects.get()
    assert asset.number == "CN115000001B"
    assert (asset.owner, asset.visibility) == (alice_org, Asset.Visibility.CONFIDENTIAL)
    assert (asset.kind, asset.jurisdiction, asset.kind_code) == ("invention", "CN", "B")
    assert str(asset.application_date) == "2021-03-05"
    assert asset.legal_status == Asset.Status.GRANTED
    assert str(asset.expiry_date) == "2041-03-05"
    assert asset.original_language == "zh-hans"
    assert [a["name"] for a in asset.applicants] == ["上海示例医药有限公司", "复旦大学"]
    assert asset.holder_name == "上海示例医药有限公司"
    assert asset.cpc_codes == ["A61K31/519", "A61P35/00"]
    profile = asset.biomedical
    assert (profile.drug_name, profile.inn, profile.modality, profile.phase) == (
        "示例替尼",
        "exampletinib",
        "small_molecule",
        BiomedicalProfile.Phase.PHASE_2,
    )
    assert profile.targets == ["EGFR", "HER2"]
    assert set(profile.indications.values_list("code", flat=True)) == {"nsclc", "breast"}
    assert "罕见病X" in profile.indications_text  # not in the vocabulary: kept as text
    run = ImportRun.objects.get()
    assert (run.kind, run.organisation, run.user, run.created) == ("portfolio", alice_org, alice, 1)


def test_a_second_upload_is_unchanged_and_an_edited_row_is_updated(alice_org, alice):
    import_portfolio(filled_template(ROW), organisation=alice_org, user=alice)

    again = import_portfolio(filled_template(ROW), organisation=alice_org, user=alice)
    edited = import_portfolio(filled_template(row(**{"phase / 研发阶段": "Phase 3"})), organisation=alice_org)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert (edited.created, edited.updated, edited.unchanged) == (0, 1, 0)
    assert Asset.objects.get().biomedical.phase == BiomedicalProfile.Phase.PHASE_3
    assert Asset.objects.count() == 1


def test_headers_in_one_language_only_and_traditional_chinese_are_understood(alice_org):
    template = "號碼,標題,type\r\n"
    upload = filled_template(
        {"號碼": "US12000001B2", "標題": "Widget", "type": "invention"}, template=template
    )

    result = import_portfolio(upload, organisation=alice_org)

    assert result.created == 1
    assert Asset.objects.get().jurisdiction == "US"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"number / 号码": ""}, "missing number"),
        ({"application date / 申请日": "2025-02-30"}, "impossible date"),
        ({"grant date / 授权日": "2020-01-01"}, "before the application date"),
        ({"phase / 研发阶段": "phase 9"}, "unknown phase"),
        ({"CPC codes / CPC分类号": "not a code"}, "unreadable CPC code"),
    ],
)
def test_a_bad_row_is_rejected_with_its_reason_and_writes_nothing(alice_org, changes, reason):
    bad = row(**changes, **{"title / 标题": "Bad row"})
    good = row(**{"number / 号码": "CN115000002B"})

    result = import_portfolio(filled_template(bad, good), organisation=alice_org)

    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0]["record"].startswith("portfolio.csv:2")
    assert reason in result.errors[0]["reason"]
    assert list(Asset.objects.values_list("number", flat=True)) == ["CN115000002B"]
    assert not Asset.objects.filter(title="Bad row").exists()


def test_gbk_bytes_are_rejected_with_a_clear_reason_not_stored_as_garbage(alice_org):
    gbk = "CN115000009B,一种化合物\r\n".encode("gbk")
    upload = io.BytesIO(b"number,title\r\nCN115000001B,Good\r\n" + gbk + b"CN115000003B,Also good\r\n")
    upload.name = "gbk.csv"

    result = import_portfolio(upload, organisation=alice_org)

    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0]["record"] == "gbk.csv:3"
    assert "not UTF-8" in result.errors[0]["reason"]
    assert "CSV UTF-8" in result.errors[0]["reason"]
    assert not Asset.objects.filter(number="CN115000009B").exists()


def test_a_whole_file_in_gbk_is_rejected_at_its_header(alice_org):
    upload = io.BytesIO(portfolio_template_csv().lstrip("\ufeff").encode("gbk") + b"CN1B,x\r\n")

    result = import_portfolio(upload, organisation=alice_org)

    assert (result.created, result.rejected) == (0, 1)
    assert "not UTF-8" in result.errors[0]["reason"]
    assert not Asset.objects.exists()


def test_an_asset_of_another_organisation_is_not_taken_over(alice_org, charlie_org):
    import_portfolio(filled_template(ROW), organisation=alice_org)

    result = import_portfolio(filled_template(row(**{"title / 标题": "Mine now"})), organisation=charlie_org)

    assert result.rejected == 1
    assert "another organisation" in result.errors[0]["reason"]
    asset = Asset.objects.get()
    assert (asset.owner, asset.title) == (alice_org, ROW["title / 标题"])


def test_a_public_registry_record_can_be_claimed_and_stays_public(alice_org, tmp_path):
    import_patents([write_jsonl(tmp_path / "a.jsonl", [jsonl_record("12000001")])])
    upload = filled_template({"number / 号码": "US12000001B2", "title / 标题": "Kinase inhibitor"})

    result = import_portfolio(upload, organisation=alice_org)

    assert result.updated == 1
    asset = Asset.objects.get()
    assert (asset.owner, asset.visibility) == (alice_org, Asset.Visibility.PUBLIC)


def test_an_outsider_gets_not_found_and_a_viewer_is_forbidden(alice_org, charlie, make_user):
    viewer = make_user("victor@example.com", alice_org, "viewer")

    with pytest.raises(NotFound):
        import_portfolio(filled_template(ROW), organisation=alice_org, user=charlie)
    with pytest.raises(Forbidden):
        import_portfolio(filled_template(ROW), organisation=alice_org, user=viewer)
    assert not Asset.objects.exists()
    assert not ImportRun.objects.exists()


def test_tcm_formula_and_semicolon_separated_files(alice_org):
    upload = io.BytesIO(
        "number;title;modality;TCM formula / 中药方剂组成\r\nCN1150000010A;扶正方;中药复方;黄芪：30 g；当归:10 g\r\n".encode()
    )

    result = import_portfolio(upload, organisation=alice_org)

    assert result.created == 1, result.errors
    profile = Asset.objects.get().biomedical
    assert profile.modality == "tcm_formula"
    assert profile.tcm_formula == [{"herb": "黄芪", "dose": "30 g"}, {"herb": "当归", "dose": "10 g"}]


def test_a_django_upload_is_read_like_a_file(alice_org, alice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("mine.csv", filled_template(ROW).getvalue(), content_type="text/csv")

    result = import_portfolio(upload, organisation=alice_org, user=alice)

    assert result.created == 1
    assert result.run is not None and result.run.source_name == "mine.csv"
