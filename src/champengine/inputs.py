"""Reading a whole input file (an import, a ``--with`` file, a JSON Lines ``--log``)
within stated limits: no file makes the reader hold more than ``MAX_INPUT`` bytes,
and a line longer than ``MAX_LINE`` is refused as soon as it is seen, so an endless
input (``/dev/zero``) is refused in bounded memory."""

from __future__ import annotations

import os
import sys

from .errors import ChampError, DecodeError

#: the largest input file read whole
MAX_INPUT = 512 << 20
#: the longest line of a JSON Lines file (an event's text is far shorter)
MAX_LINE = 8 << 20

_STEP = 1 << 20


def read_input(path: str, *, what: str = "input") -> bytes:
    """The bytes of ``path`` (``-``: stdin), refused (DecodeError, one line) past the
    limits; an unreadable file is a ChampError naming it."""
    if path == "-":
        return read_bounded(sys.stdin.buffer, "stdin")
    try:
        f = open(path, "rb")  # noqa: SIM115
    except IsADirectoryError:
        raise ChampError(f"cannot read {path}: it is a directory") from None
    except OSError as exc:
        raise ChampError(f"cannot read {path}: {exc.strerror}") from None
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
        except OSError:
            size = 0
        if size > MAX_INPUT:
            raise DecodeError(f"{path}: {size} bytes is over the read limit "
                              f"({MAX_INPUT >> 20} MiB): split it")
        return read_bounded(f, path)


def read_bounded(f, name: str, prefix: bytes = b"") -> bytes:
    """Read ``f`` to its end in steps, refusing a line over ``MAX_LINE`` bytes or a whole
    over ``MAX_INPUT`` as soon as either is reached (a step is shorter than a line may
    be, so only a line across steps can be over)."""
    chunks: list[bytes] = []
    total = 0
    line = 0  # bytes of the line not ended yet
    number = 1  # its number
    while True:
        try:
            chunk, prefix = (prefix, b"") if prefix else (f.read(_STEP), b"")
        except OSError as exc:
            raise ChampError(f"cannot read {name}: {exc.strerror}") from None
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > MAX_INPUT:
            raise DecodeError(f"{name}: over the read limit ({MAX_INPUT >> 20} MiB): split it")
        first = chunk.find(b"\n")
        if first == -1:
            line += len(chunk)
        else:
            line += first
            if line <= MAX_LINE:
                number += chunk.count(b"\n")
                line = len(chunk) - chunk.rfind(b"\n") - 1
        if line > MAX_LINE:
            raise DecodeError(f"{name} line {number}: over the line limit "
                              f"({MAX_LINE >> 20} MiB)")
        chunks.append(chunk)
