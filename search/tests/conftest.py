"""The search's tests use the marketplace's and certification's fixtures."""

from certification.tests.conftest import (  # noqa: F401 - fixtures
    _keys_in_a_private_directory,
    cara,
    catalogue,
    certifier_org,
    drug_asset,
    open_request,
    phase2_trial,
)
from listings.tests.conftest import (  # noqa: F401 - fixtures
    _private_data_dir,
    asset,
    indications,
    make_listing,
    published,
)
