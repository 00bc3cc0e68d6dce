"""Gunicorn's configuration, read from the working directory: run gunicorn from the repository
root, as docs/deploy.md does (``.venv/bin/gunicorn zorgwijs.wsgi --workers 4 --bind …``).

The project's packages live in ``src/`` (manage.py puts it on the path; gunicorn needs telling).
"""

pythonpath = "src"
