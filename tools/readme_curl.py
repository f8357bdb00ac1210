"""The README's ``champ serve`` examples: ```console blocks whose first line is
``$ curl ...`` against http://127.0.0.1:8000, answered by the server's application
over the shipped 2013 log (through Starlette's test client, so no port is needed),
printed as curl prints them. Used by tools/readme_examples.py (refresh) and
tests/test_serve_readme.py (check).

An example that revalidates (``-H 'If-None-Match: "TAG"' URL``) gets the URL's
current ETag written into it by the refresh. Understood: ``-s``, ``-N``, ``-H 'Name: value'``, ``--data-binary @FILE`` (a POST),
``-o /dev/null`` and ``-w`` with ``%{http_code}`` and ``%header{name}``.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (curl [^\n]*)\n(.*?)```", re.S)
BASE = "http://127.0.0.1:8000"
LOG = ROOT / "events" / "aslms-2013.jsonl"


def client():
    from starlette.testclient import TestClient

    from champengine.serve.app import make_app
    from champengine.source import open_for_reading

    return TestClient(make_app(open_for_reading(str(LOG))))


def answer(command: str, c) -> str:
    """What ``command`` (a curl command line) prints against the served 2013 log."""
    args = shlex.split(command)[1:]
    headers, body, out, write, url = {}, None, None, None, None
    while args:
        a = args.pop(0)
        if a in ("-s", "-N", "-sN"):
            continue
        if a == "-H":
            name, _, value = args.pop(0).partition(":")
            headers[name.strip()] = value.strip()
        elif a == "--data-binary":
            body = (ROOT / args.pop(0).removeprefix("@")).read_bytes()
        elif a == "-o":
            out = args.pop(0)
        elif a == "-w":
            write = args.pop(0)
        elif a.startswith(BASE):
            url = a[len(BASE):]
        else:
            raise ValueError(f"readme_curl: {a!r} is not understood")
    got = c.post(url, content=body, headers=headers) if body is not None else \
        c.get(url, headers=headers)
    printed = "" if out == "/dev/null" else got.text
    if write:
        text = write.replace("%{http_code}", str(got.status_code)).replace("\\n", "\n")
        text = re.sub(r"%header\{([^}]+)\}", lambda m: got.headers.get(m.group(1), ""), text)
        printed += text
    return printed


TAG = re.compile(r"(-H 'If-None-Match: )(\"[0-9a-f]+\")(' )(\S+)")


def current_tags(command: str, c) -> str:
    """``command`` with the ETag it revalidates set to the URL's ETag now."""
    def tag(m):
        url = shlex.split(m.group(4))[0][len(BASE):]
        return m.group(1) + c.get(url).headers["etag"] + m.group(3) + m.group(4)

    return TAG.sub(tag, command)


def refresh(text: str) -> str:
    def block(m) -> str:
        command = current_tags(m.group(1), c)
        return f"```console\n$ {command}\n{answer(command, c)}```"

    with client() as c:
        return BLOCK.sub(block, text)
