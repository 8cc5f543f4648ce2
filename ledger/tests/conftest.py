import pytest

from ledger import keys, kinds

# Kinds only these tests log: the log's mechanics do not depend on what an entry says.
TEST_KINDS = {
    "x.y": ("a", "b", "i", "m", "z", "title", "number", "é", "€", "\ud83d\ude00", "\uffff"),
    "deal.step": ("step", "upfront", "on"),
    "ok.kind": ("nan", "big"),
}


@pytest.fixture(autouse=True)
def _test_kinds():
    for name, public in TEST_KINDS.items():
        kinds.register(name, public=public, subject="test", about="a test entry")
    yield
    for name in TEST_KINDS:
        kinds.unregister(name)


@pytest.fixture(autouse=True)
def _private_key_directory(settings, tmp_path, monkeypatch):
    """Each test signs with keys kept in its own data directory, decrypted afresh."""
    settings.DATA_DIR = tmp_path
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    settings.LEDGER_ORIGIN = ""
    keys._loaded.clear()
    yield
    keys._loaded.clear()


@pytest.fixture
def filled_log(db):
    """A log of 37 entries (an odd, non-power-of-two size) with a signed head over all of them."""
    from ledger import services

    services.record_many(
        services.LogItem("asset.registered", f"assets.asset:{i}", {"number": f"CN{i:06d}"}) for i in range(37)
    )
    return services.sign_tree_head()
