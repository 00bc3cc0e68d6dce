"""Screens of the organisations app, one module per group: ``people`` (dashboard, people list,
person), ``admin`` (organisation admin under ``/o/<slug>/beheer/`` and the platform's network
screens), ``hr_import`` and ``signup`` (applications of organisations that want to join)."""
