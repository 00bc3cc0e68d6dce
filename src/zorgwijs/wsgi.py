import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zorgwijs.settings")
application = get_wsgi_application()

# Import every view and API module now rather than on the first request. gunicorn preloads this
# module in its master (gunicorn.conf.py), so the forked workers answer their first request at
# once; imported lazily, on a busy machine that first request outlasted the worker timeout.
get_resolver().url_patterns  # noqa: B018
