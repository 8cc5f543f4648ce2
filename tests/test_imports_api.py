import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assets.importers.portfolio import portfolio_template_csv
from assets.models import Asset, ImportRun

pytestmark = pytest.mark.django_db


def _csv(*rows: str) -> SimpleUploadedFile:
    header = portfolio_template_csv()
    return SimpleUploadedFile(
        "portfolio.csv", (header + "".join(rows)).encode("utf-8"), content_type="text/csv"
    )


def _row(**cells: str) -> str:
    header = portfolio_template_csv().lstrip("\ufeff").strip().split(",")
    keys = [h.split("/")[0].strip().replace(" ", "_") for h in header]
    return ",".join(cells.get(k, "") for k in keys) + "\r\n"


GOOD = _row(
    type="invention",
    jurisdiction="CN",
    number="CN7777777A",
    application_date="2022-01-05",
    title="一种治疗胃癌的双抗",
    drug_name="HB-7",
    modality="antibody",
    indications="gastric",
    phase="phase 1",
)
BAD = _row(
    type="invention", jurisdiction="CN", number="CN8888888A", application_date="2022-02-30", title="Bad date"
)


def test_template_download_is_bilingual(client):
    text = client.get("/portfolio-template.csv").content.decode("utf-8-sig")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text)
    assert "title" in text.lower()


def test_member_imports_through_the_api_and_the_run_is_listed(client, alice):
    client.force_login(alice)
    before = Asset.objects.count()
    response = client.post("/api/v1/assets/imports", {"organisation": "alice-bio", "file": _csv(GOOD, BAD)})
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["created"], body["rejected"]) == (1, 1)
    assert "CN8888888A" in body["errors"][0]["record"] or "2" in body["errors"][0]["record"]
    assert Asset.objects.count() == before + 1
    asset = Asset.objects.get(number="CN7777777A")
    assert asset.owner is not None and asset.owner.slug == "alice-bio"
    assert asset.biomedical.drug_name == "HB-7"
    runs = client.get("/api/v1/assets/imports").json()["items"]
    assert runs[0]["kind"] == "portfolio" and runs[0]["organisation"] == "alice-bio"


@pytest.mark.parametrize(("viewpoint", "status"), [("anonymous", 401), ("outsider", 404)])
def test_only_members_import(client_as, users, viewpoint, status):
    response = client_as(users[viewpoint]).post(
        "/api/v1/assets/imports", {"organisation": "alice-bio", "file": _csv()}
    )
    assert response.status_code == status
    assert not ImportRun.objects.exists()


def test_outsider_does_not_see_other_organisations_import_runs(client_as, users, alice):
    client_as(alice).post("/api/v1/assets/imports", {"organisation": "alice-bio", "file": _csv()})
    assert client_as(users["outsider"]).get("/api/v1/assets/imports").json()["items"] == []
    assert len(client_as(users["participant"]).get("/api/v1/assets/imports").json()["items"]) == 1


def test_upload_without_a_file_is_a_problem(client, alice):
    client.force_login(alice)
    response = client.post("/api/v1/assets/imports", {"organisation": "alice-bio"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
