"""The HTTP side of every route: JSON bodies as the CLI prints them, ETags and
``Cache-Control``, errors as JSON with the CLI's one-line message."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ChampError, DecodeError, RefusedError, UsageError
from .library import NotFound

#: a client may keep an answer this long, then must ask again (an ETag makes that cheap)
CACHE_CONTROL = "public, max-age=5, must-revalidate"


def body(doc: dict) -> bytes:
    """A document as ``--format json`` prints it, byte for byte."""
    return (json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n").encode()


def status_of(error: ChampError) -> int:
    """400 for a malformed request, 404 for what the URL names and is not there,
    422 for a well-formed request the season's state refuses."""
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, UsageError | DecodeError):
        return 400
    if isinstance(error, RefusedError):
        return 422
    return 500


def one_line(error: BaseException) -> str:
    return " ".join(str(error).splitlines())


def error_response(status: int, message: str) -> Response:
    return Response(body({"error": {"status": status, "message": message}}), status_code=status,
                    media_type="application/json", headers={"Cache-Control": "no-store"})


def etag_of(snap, request: Request, extra: str = "") -> str:
    """An entity tag from the season, its seq, its prefix digest and the query asked."""
    query = "&".join(f"{k}={v}" for k, v in sorted(request.query_params.multi_items()))
    text = f"{snap.season}\0{snap.seq}\0{snap.digest}\0{request.url.path}\0{query}\0{extra}"
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    """Whether ``If-None-Match`` names this tag (or ``*``), weak tags compared weakly."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags or "*" in tags


class Answers:
    """Bodies built recently, by ETag: the same question of the same log is answered once."""

    def __init__(self, size: int = 256) -> None:
        self._held: OrderedDict[str, bytes] = OrderedDict()
        self._size = size

    def get(self, etag: str) -> bytes | None:
        found = self._held.get(etag)
        if found is not None:
            self._held.move_to_end(etag)
        return found

    def put(self, etag: str, data: bytes) -> None:
        self._held[etag] = data
        while len(self._held) > self._size:
            self._held.popitem(last=False)


def cached(request: Request, snap, build, *, media_type: str = "application/json",
           encode=body) -> Response:
    """The answer to a GET of ``snap``: 304 if the client holds it, else built (or reused)."""
    etag = etag_of(snap, request)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if matches(request, etag):
        return Response(status_code=304, headers=headers)
    answers: Answers = request.app.state.answers
    data = answers.get(etag)
    if data is None:
        data = encode(build())
        answers.put(etag, data)
    return Response(data, media_type=media_type, headers=headers)
