"""Gunicorn's configuration, read from the working directory: run gunicorn from the repository
root, as docs/deploy.md does (``.venv/bin/gunicorn zorgwijs.wsgi --workers 4 --bind …``).

The project's packages live in ``src/`` (manage.py puts it on the path; gunicorn needs telling).
"""

pythonpath = "src"

# Load Django once in the master, then fork the workers: they start in a moment and share the
# imported code's memory. Loaded per worker instead, a busy machine can take longer than the
# worker timeout to import the application, and gunicorn then kills and restarts the workers
# in a loop before any of them answers. Nothing opens a database connection while loading
# (tests/prod/test_deployed_server.py checks that the preloaded master holds none).
preload_app = True
