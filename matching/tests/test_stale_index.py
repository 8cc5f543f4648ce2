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
