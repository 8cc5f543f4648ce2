"""The API documentation in Chromium: Swagger UI renders from the platform's own files, and no request leaves
the server the page came from (the docs work offline and from the mainland)."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_api_docs_render_without_any_request_leaving_the_platform(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    assert "IP Harbour API" in page.inner_text(".swagger-ui .info .title")
    assert "Authorization: Bearer <token>" in page.inner_text(".swagger-ui .info")
    own = urlsplit(live_server.url).netloc
    assert requested
    assert {urlsplit(url).netloc for url in requested if not url.startswith("data:")} == {own}
