"""``champ serve``: the reading commands over HTTP, live updates, and pages.

Read-only over any log or store. Every JSON route answers with the document the
matching CLI command prints with ``--format json`` (``champengine.documents``);
the point in time comes as query parameters. Starlette and uvicorn are imported
only here, never by the core.
"""
