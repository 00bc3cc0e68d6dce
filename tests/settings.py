"""The production settings, for the test run: the tests run with DEBUG off like production,
and production refuses to start without a secret of its own (see zorgwijs.settings), so the test
run brings one. It is random per run: nothing the tests sign outlives them."""

import os
import secrets

os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))

from zorgwijs.settings import *  # noqa: E402, F403
