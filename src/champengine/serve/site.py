"""The pages over HTTP (under ``/pages/``) and as a static offline site
(``champ report --html DIR``): the same files either way."""

from __future__ import annotations

import os

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from ..timeline import Point
from .http import cached
from .library import NotFound
from .pages import index_page, season_pages

HTML = "text/html; charset=utf-8"


def _index(library) -> str:
    from ..documents.overview import seasons

    return index_page(seasons(library.view(library.snapshot(s), Point()).state
                              for s in library.seasons()))


def site(library, seasons: list[str] | None = None) -> dict:
    """Every page of every season (or of those named): relative path -> its builder."""
    pages = {"index.html": lambda: _index(library)}
    for season in seasons or library.seasons():
        pages.update(season_pages(library, library.snapshot(season)))
    return pages


def write_site(library, folder: str, seasons: list[str] | None = None,
               extra: dict | None = None) -> list[str]:
    """Write the static site into ``folder`` (and the ``extra`` pages: path -> builder);
    the relative paths written, in order."""
    written = []
    for path, build in {**site(library, seasons), **(extra or {})}.items():
        target = os.path.join(folder, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(build())
        written.append(path)
    return written


async def served_page(request: Request) -> Response:
    library = request.app.state.library
    path = request.path_params["path"] or "index.html"
    if path.endswith("/"):
        path += "index.html"
    if path == "index.html":
        return Response(_index(library), media_type=HTML, headers={"Cache-Control": "no-cache"})
    season = path.split("/", 1)[0]
    snap = library.snapshot(season)
    pages = season_pages(library, snap)
    if path not in pages:
        raise NotFound(f"no page {path}")
    return cached(request, snap, pages[path], media_type=HTML, encode=str.encode)


async def root(request: Request) -> Response:
    return RedirectResponse("/pages/index.html")


ROUTES = [Route("/", root), Route("/pages/{path:path}", served_page)]
