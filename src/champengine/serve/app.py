"""The server's Starlette application: routes, errors as JSON, the shared library."""

from __future__ import annotations

import contextlib

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request

from ..errors import ChampError
from .http import Answers, error_response, one_line, status_of
from .library import Library


async def _champ_error(request: Request, exc: ChampError):
    return error_response(status_of(exc), one_line(exc))


async def _http_error(request: Request, exc: HTTPException):
    if exc.status_code == 404:
        return error_response(404, f"no route {request.url.path}")
    if exc.status_code == 405:
        return error_response(405, f"{request.method} is not allowed on {request.url.path}")
    return error_response(exc.status_code, one_line(exc.detail))


async def _unexpected(request: Request, exc: Exception):
    return error_response(500, f"internal error: {type(exc).__name__}")


def make_app(store, *, store_url: str | None = None, f1db: str | None = None) -> Starlette:
    """The application over ``store`` (any ``EventStore``), read-only. ``store_url``
    names a PostgreSQL store, whose growth the live stream hears by LISTEN / NOTIFY;
    without it the stream watches the log file. ``f1db`` names F1DB's tree, where the
    Ergast routes read what Ergast's records hold beside the results (dates of birth,
    codes, nationalities, circuits)."""
    from .ergast_routes import ROUTES as ERGAST
    from .f1ref import Reference
    from .routes import ROUTES
    from .site import ROUTES as PAGES
    from .stream import ROUTES as STREAM
    from .stream import Watcher

    watcher = Watcher(store_url)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        watcher.start()
        try:
            yield
        finally:
            watcher.stop()

    app = Starlette(routes=[*ROUTES, *ERGAST, *STREAM, *PAGES], lifespan=lifespan, exception_handlers={
        ChampError: _champ_error, HTTPException: _http_error, Exception: _unexpected})
    app.state.library = Library(store)
    app.state.answers = Answers()
    app.state.watcher = watcher
    app.state.f1ref = Reference(f1db)
    return app
