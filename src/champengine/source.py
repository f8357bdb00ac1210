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
    from .inputs import read_bounded
    from .recorder import import_text

    try:
        f = open(path, "rb")  # noqa: SIM115
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        head = f.read(4096)  # refused at once when it cannot be JSON Lines (/dev/zero)
        if head[:1] not in (b"{", b"#", b"\n", b" ", b"") and not head.lstrip()[:1] == b"{":
            raise NotALogError(f"{path} is neither a champengine log nor JSON Lines")
        data = read_bounded(f, path, head)
    store = MemoryStore()
    import_text(store, data, name=path, default_season=season)
    _within_log_limits(store)
    return store


def _within_log_limits(store: MemoryStore) -> None:
    """A JSON Lines file read directly holds only what the binary log could: each
    season checked as the file store checks a batch before writing it."""
    from .codec import pack_records
    from .store.file import readable

    for season in store.seasons():
        events = list(store.read(season))
        readable(pack_records(events), len(events))


def open_for_writing(path: str) -> FileStore:
    if not _is_binary_log(path):
        raise StoreError(f"{path} is not a binary log (a JSON Lines file is read-only here: "
                         f"import it with: champ --log NEW.log import {path})")
    return FileStore(path)


def store_name(url: str) -> str:
    """A store URL as messages show it: never its password."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rpartition("@")[2]
        user = parts.username or ""
        return parts._replace(netloc=f"{user}:***@{netloc}").geturl()
    except ValueError:
        return "the store URL given"


def open_store_url(url: str, *, create: bool = False):
    """A store named by URL: ``postgresql://...`` (a schema by ``?schema=NAME``).

    ``create``: make the schema and its table when missing (writers); a reader
    never creates anything, and a schema that is not there is an error."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    from .errors import UsageError

    name = store_name(url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query))
    except ValueError as exc:
        raise UsageError(f"malformed store URL {name!r}: {exc}") from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise UsageError(f"unknown store URL {name!r} (postgresql://user@host/db is known)")
    from .store.postgres import PostgresStore

    schemas = [v for k, v in pairs if k == "schema"]
    if len(schemas) > 1:
        raise UsageError(f"store URL {name!r} names the schema {len(schemas)} times")
    if schemas and not schemas[0]:
        raise UsageError(f"store URL {name!r} has an empty schema (?schema=NAME)")
    schema = schemas[0] if schemas else "public"
    rest = urlencode([(k, v) for k, v in pairs if k != "schema"])
    return PostgresStore(urlunsplit(parts._replace(query=rest)), schema=schema, create=create,
                         name=name)
