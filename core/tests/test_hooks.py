"""A lower app announces on a Hook; the apps above it subscribe in ready()."""

from core.hooks import Hook


def test_subscribers_hear_an_announcement_in_the_order_they_subscribed():
    heard: list[tuple[str, int]] = []
    hook: Hook[[int]] = Hook("counted")
    hook.subscribe(lambda n: heard.append(("first", n)))
    hook.subscribe(lambda n: heard.append(("second", n)))
    hook.announce(3)
    assert heard == [("first", 3), ("second", 3)]


def test_subscribing_twice_is_heard_once():
    heard: list[int] = []

    def listen(n: int) -> None:
        heard.append(n)

    hook: Hook[[int]] = Hook("counted")
    hook.subscribe(listen)
    hook.subscribe(listen)
    hook.announce(1)
    assert heard == [1]


def test_the_registry_announces_to_the_apps_above_it_once_they_are_ready():
    from assets.services import ASSETS_WRITTEN, ENCUMBRANCE_RECORDING, VALUE_FACTS_CHANGED
    from listings.open_licence import refuse_exclusive_while_open
    from matching.services import schedule_index
    from valuation.tasks import queue_asset_revaluation

    assert schedule_index in ASSETS_WRITTEN.subscribers
    assert queue_asset_revaluation in VALUE_FACTS_CHANGED.subscribers
    assert refuse_exclusive_while_open in ENCUMBRANCE_RECORDING.subscribers


def test_every_import_kind_has_its_importer():
    from core.importing import IMPORTERS

    assert set(IMPORTERS) == {"patents", "portfolio", "trials"}
    assert IMPORTERS["trials"].resume is not None and IMPORTERS["patents"].resume is not None
