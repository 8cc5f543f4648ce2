import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the apps, their modules) lives as long as the worker: moved out of the
# collector's reach, it is no longer traversed by every full collection, which otherwise pause a worker
# for up to a few hundred milliseconds once its caches have grown (docs/benchmarks.md, web).
gc.freeze()
