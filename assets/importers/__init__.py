"""Importers of the registry: USPTO XML and JSONL patent documents, and an organisation's portfolio CSV.

The services other layers call: `import_patents`, `portfolio_template_csv`, `import_portfolio`; each
returns an ImportResult and saves an ImportRun (trials are imported by `trials.importers.import_trials`).
"""

from assets.importers.patents import import_patents
from assets.importers.portfolio import import_portfolio, portfolio_template_csv
from core.importing.result import ImportResult

__all__ = ["ImportResult", "import_patents", "import_portfolio", "portfolio_template_csv"]
