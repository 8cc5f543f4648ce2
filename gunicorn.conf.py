"""gunicorn's settings beyond the command line, read from the working directory (`./run`, the benchmarks)."""

import gc


def post_worker_init(worker):
    """Each worker loads what its first requests would (core.warmup), then moves it, like everything loaded
    before, out of the garbage collector's reach (see ipharbour/wsgi.py)."""
    from core.warmup import warm

    warm()
    gc.freeze()
