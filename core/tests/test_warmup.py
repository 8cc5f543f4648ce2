"""A web worker warms up before its first request; a step that fails is logged and the worker serves."""

from pathlib import Path

from gunicorn.config import Config

from core import warmup

ROOT = Path(__file__).resolve().parents[2]


def test_a_failing_step_is_logged_and_the_others_still_run(monkeypatch, caplog):
    ran = []

    def broken():
        raise OSError("index files missing")

    monkeypatch.setattr(warmup.WARMING, "subscribers", [broken, lambda: ran.append("next")])
    assert warmup.warm() == 1
    assert ran == ["next"]
    assert "warming up" in caplog.text and "index files missing" in caplog.text


def test_gunicorn_workers_warm_up_from_the_working_directory_run_starts_them_in(monkeypatch):
    # gunicorn reads ./gunicorn.conf.py unless told otherwise; ./run changes to the repository first.
    assert Config().settings["config"].default == "./gunicorn.conf.py"
    assert (ROOT / "gunicorn.conf.py").is_file()
    assert 'cd "$(dirname "$0")"' in (ROOT / "run").read_text()
    namespace: dict = {}
    exec(compile((ROOT / "gunicorn.conf.py").read_text(), "gunicorn.conf.py", "exec"), namespace)  # noqa: S102
    ran = []
    monkeypatch.setattr(warmup.WARMING, "subscribers", [lambda: ran.append("warmed")])
    namespace["post_worker_init"](None)
    assert ran == ["warmed"]


def test_the_urls_and_views_are_imported_before_the_first_request():
    from django.urls import clear_url_caches, get_resolver

    assert warmup.load_urls in warmup.WARMING.subscribers
    clear_url_caches()
    assert "url_patterns" not in get_resolver().__dict__
    warmup.load_urls()
    assert "url_patterns" in get_resolver().__dict__


def test_the_platforms_own_templates_are_compiled_before_the_first_request():
    from django.template import engines

    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    loader.reset()
    assert warmup.load_templates in warmup.WARMING.subscribers
    compiled = warmup.load_templates()
    assert compiled > 50
    assert {"base.html", "listings/_card.html", "assets/search.html"} <= set(loader.get_template_cache)
    assert len(loader.get_template_cache) == compiled  # only the platform's own, not every library's
