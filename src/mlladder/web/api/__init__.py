"""The JSON API under ``/api/``: the same data as the pages, with typed models so ``/openapi.json`` describes it.

Calls that change something need the session's token in the ``X-CSRF-Token`` header (``GET /api/session``
gives it), and in team mode a signed-in session.
"""
