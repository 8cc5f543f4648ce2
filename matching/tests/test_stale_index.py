"""An index left by another version of the platform is reported with what to do, not as a server error."""

import pytest
import tantivy

from core.errors import Conflict
from matching.backends.embedded import EmbeddedBackend


def test_an_index_with_another_schema_asks_for_a_rebuild(tmp_path):
    other = tantivy.SchemaBuilder()
    other.add_text_field("title", stored=True)
    (tmp_path / "assets" / "tantivy").mkdir(parents=True)
    tantivy.Index(other.build(), path=str(tmp_path / "assets" / "tantivy"))
    with pytest.raises(Conflict, match="matching rebuild"):
        EmbeddedBackend(tmp_path)._ns("assets")


@pytest.mark.django_db
def test_recovery_rebuilds_an_index_of_another_version(settings, tmp_path, monkeypatch):
    from assets.models import Asset
    from core.recovery import recover
    from matching.backends import _backend
    from matching.indexing import ASSETS, rebuild_outdated_index

    monkeypatch.setenv("IPHARBOUR_MATCHING_BACKEND", "embedded")
    settings.DATA_DIR = tmp_path
    _backend.cache_clear()
    assert rebuild_outdated_index() is False  # no index yet: nothing to do
    Asset.objects.create(number="US1", title="KRAS inhibitor for lung cancer", visibility="public")
    other = tantivy.SchemaBuilder()
    other.add_text_field("title", stored=True)
    (tmp_path / "index" / ASSETS / "tantivy").mkdir(parents=True)
    tantivy.Index(other.build(), path=str(tmp_path / "index" / ASSETS / "tantivy"))
    try:
        recover()  # as ./run and every worker do at start
        from matching.backends import get_backend

        assert get_backend().count(ASSETS) == 1
        assert rebuild_outdated_index() is False  # readable now
    finally:
        _backend.cache_clear()
