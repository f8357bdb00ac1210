"""Opening what ``--log`` names: a binary log, or a JSON Lines file read directly."""

from __future__ import annotations

from .errors import NotALogError, StoreError
from .store.file import FileStore
from .store.framing import MAGIC
from .store.memory import MemoryStore


def _is_binary_log(path: str) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(len(MAGIC)) == MAGIC
    except FileNotFoundError:
        raise StoreError(f"no log at {path}") from None
    except IsADirectoryError:
        raise NotALogError(f"{path} is a directory, not a log") from None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None


def open_for_reading(path: str, *, season: str | None = None):
    """A store to read from: the log itself, or a JSON Lines file checked and held in memory."""
    if _is_binary_log(path):
        return FileStore(path)
    from .recorder import import_text

    with open(path, "rb") as f:
        data = f.read()
    if data[:1] not in (b"{", b"#", b"\n", b" ", b"") and not data.lstrip()[:1] == b"{":
        raise NotALogError(f"{path} is neither a champengine log nor JSON Lines")
    store = MemoryStore()
    import_text(store, data, name=path, default_season=season)
    return store


def open_for_writing(path: str) -> FileStore:
    if not _is_binary_log(path):
        raise StoreError(f"{path} is not a binary log (a JSON Lines file is read-only here: "
                         f"import it with: champ --log NEW.log import {path})")
    return FileStore(path)


def open_store_url(url: str):
    """A store named by URL: ``postgresql://...`` (a schema by ``?schema=NAME``)."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    from .errors import UsageError

    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise UsageError(f"unknown store URL {url!r} (postgresql://user@host/db is known)")
    from .store.postgres import PostgresStore

    query = dict(parse_qsl(parts.query))
    schema = query.pop("schema", "public")
    return PostgresStore(urlunsplit(parts._replace(query=urlencode(query))), schema=schema)
