"""Importers of the registry: USPTO XML and JSONL patent documents, and an organisation's portfolio CSV."""

from assets.importers.patents import import_patents
from assets.importers.result import ImportResult

__all__ = ["ImportResult", "import_patents"]
