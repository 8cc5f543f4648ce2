"""USPTO full-text XML: each DTD version of the real files, and weekly files of concatenated documents."""

import pytest

from assets.importers import import_patents
from assets.models import Asset
from assets.tests.patent_samples import grant_xml
from conftest import shared_data

pytestmark = pytest.mark.django_db

FORMAT_VERSIONS = "patents/uspto-xml/format-versions"

# file → (number, kind, title, application number, first CPC or IPC code), read from the files themselves
VERSIONS = {
    "grant_v2-5-B1.xml": ("US6334226B1", "B1", "Faucet support member", "09529968", "E03C1/04"),
    "grant_v4-0-B2.xml": (
        "US6857133B2",
        "B2",
        "Method and apparatus for manufacturing and installing water resistant cover on a limb",
        "10141259",
        "A41D13/00",
    ),
    "grant_v4-5-B1.xml": (
        "US9358892B1",
        "B1",
        "System and method for pre-charging a hybrid vehicle for improving reverse driving performance",
        "14558596",
        "B60L11/1809",
    ),
    "grant_v4-5-B2.xml": ("US11147202B2", "B2", "Wheeled hand truck", "16232658", "A01B1/243"),
    "application_v4-4-A1.xml": (
        "US20210267109A1",
        "A1",
        "METHODS AND APPARATUS FOR YARD AND GARDEN DEBRIS COLLECTION",
        "17173265",
        "A01B1/04",
    ),
    "application_v4-5-A1.xml": (
        "US20220159901A1",
        "A1",
        "SEED DISTRIBUTOR USED FOR AGRICULTURAL MACHINES",
        "17437086",
        "A01C7/04",
    ),
}


@pytest.mark.realdata
@pytest.mark.parametrize("filename", sorted(VERSIONS))
def test_each_uspto_xml_version_parses_to_its_number_and_title(filename):
    number, kind, title, application, code = VERSIONS[filename]

    result = import_patents([shared_data(f"{FORMAT_VERSIONS}/{filename}")])

    assert (result.created, result.rejected) == (1, 0), result.errors
    asset = Asset.objects.get()
    assert (asset.number, asset.kind_code, asset.title, asset.application_number) == (
        number,
        kind,
        title,
        application,
    )
    assert (asset.cpc_codes or asset.ipc_codes)[0] == code
    assert asset.claims and asset.claims[0].startswith("1.")
    assert asset.abstract
    assert asset.legal_status in {"granted", "pending", "expired"}


@pytest.mark.realdata
def test_v25_keeps_foreign_priority_and_assignee():
    import_patents([shared_data(f"{FORMAT_VERSIONS}/grant_v2-5-B1.xml")])

    asset = Asset.objects.get()
    assert asset.priority_claims[0] == {
        "kind": "foreign",
        "country": "JP",
        "number": "9-290033",
        "date": "1997-10-22",
    }
    assert asset.family is not None and asset.family.key == "JP9-290033"
    assert (asset.holder_name, asset.holder_country) == ("Toto Ltd.", "JP")
    assert len(asset.claims) == 31


@pytest.mark.realdata
def test_a_weekly_file_is_read_document_by_document():
    path = shared_data("patents/uspto-xml/grants-weekly/ipg130416.small.xml")

    result = import_patents([path])

    # 27 XML declarations: 25 grants and 2 sequence listings that belong to the grant before them
    assert (result.created, result.rejected) == (25, 0), result.errors
    design = Asset.objects.get(number="USD680087S1")
    assert design.kind == Asset.Kind.DESIGN


def test_a_broken_document_in_a_weekly_file_is_rejected_alone(tmp_path):
    broken = grant_xml("07000002", "Broken").replace("</us-bibliographic-data-grant>", "")
    path = tmp_path / "ipg080101.xml"
    path.write_text(grant_xml("07000001") + broken + grant_xml("07000003", "Third holder"))

    result = import_patents([path])

    assert (result.created, result.rejected) == (2, 1)
    assert result.errors[0]["record"].startswith("ipg080101.xml:")
    assert "malformed XML" in result.errors[0]["reason"]
    assert set(Asset.objects.values_list("number", flat=True)) == {"US7000001B2", "US7000003B2"}


def test_a_grant_dated_before_its_application_is_rejected(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(grant_xml("07000001") + grant_xml("07000002", filed="20090101", granted="20080101"))

    result = import_patents([path])

    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0]["record"].endswith("US7000002B2")
    assert "before the application date" in result.errors[0]["reason"]


def test_an_impossible_date_is_rejected(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(grant_xml("07000001", filed="20070230"))

    result = import_patents([path])

    assert result.rejected == 1
    assert "impossible date: 20070230" in result.errors[0]["reason"]
    assert not Asset.objects.exists()


def test_a_missing_document_number_is_rejected(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(grant_xml("") + grant_xml("07000003"))

    result = import_patents([path])

    assert (result.created, result.rejected) == (1, 1)
    assert result.errors[0]["reason"] == "missing publication number"


def test_xml_fields_are_mapped(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text(grant_xml("07000001"))

    import_patents([path])

    asset = Asset.objects.get()
    assert asset.ipc_codes == ["A61K31/519"]
    assert asset.claims == [
        "1. A widget holder comprising a base.",
        "2. The holder of claim 1, made of steel.",
    ]
    assert asset.applicants == [{"name": "Ming Li", "city": "Beijing", "state": "", "country": "CN"}]
    assert asset.inventors == asset.applicants  # before v4.3 inventors are the applicant-inventors
    assert asset.holder_name == "Beijing Example Instruments Co., Ltd."
    assert asset.term_extension_days == 100
    assert asset.family is not None and asset.family.key == "CN200310000001"
    assert str(asset.expiry_date) == "2024-04-14"  # 2004-01-05 + 20 years + 100 days
    assert asset.legal_status == Asset.Status.EXPIRED


def test_an_xml_document_that_is_not_a_patent_is_rejected(tmp_path):
    path = tmp_path / "a.xml"
    path.write_text('<?xml version="1.0"?>\n<invoice><total>3</total></invoice>\n')

    result = import_patents([path])

    assert result.rejected == 1
    assert "not a USPTO patent document" in result.errors[0]["reason"]


def test_external_entities_are_never_fetched_or_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    document = grant_xml("07000001", "&xxe;").replace("[ ]>", f'[ <!ENTITY xxe SYSTEM "file://{secret}"> ]>')
    path = tmp_path / "a.xml"
    path.write_text(document)

    import_patents([path])

    assert not Asset.objects.filter(title__contains="SECRET").exists()


def test_a_document_with_bytes_that_are_not_utf8_is_rejected_alone(tmp_path):
    gbk = grant_xml("07000002").encode().replace(b"Widget holder", "抗肿瘤".encode("gbk"))
    path = tmp_path / "a.xml"
    path.write_bytes(grant_xml("07000001").encode() + gbk + grant_xml("07000003").encode())

    result = import_patents([path])

    assert (result.created, result.rejected) == (2, 1)
    assert "not UTF-8 text (byte 0xbf on line 9" in result.errors[0]["reason"]
    assert not Asset.objects.filter(number="US7000002B2").exists()
