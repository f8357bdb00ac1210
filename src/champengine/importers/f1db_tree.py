"""Reading F1DB's source tree (github.com/f1db/f1db, ``src/data``): YAML files, one
season at a time, and the id files (drivers, constructors, ...) as a season needs them.

Nothing here reads a ``points`` figure or a standings file: those are the check, never
the input. Every problem is one ``TreeError`` naming the file and what is wrong.
"""

from __future__ import annotations

import os
import re

import attrs
import yaml

from ..errors import ChampError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: a race directory: its round number, a dash, a slug
RACE_DIR = re.compile(r"^(\d+)-[a-z0-9-]+$")


class TreeError(ChampError):
    """The F1DB tree is malformed or incomplete: a file missing or unreadable, an id no
    file defines, a round out of order."""


def load(path: str):
    """A YAML file's content, or a TreeError naming it."""
    try:
        with open(path, "rb") as f:
            return yaml.load(f, Loader=_Loader)
    except FileNotFoundError:
        raise TreeError(f"{path}: missing") from None
    except OSError as exc:
        raise TreeError(f"{path}: cannot read ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise TreeError(f"{path}: YAML error{where}: {problem}") from None


def load_list(path: str, *, optional: bool = False) -> list[dict] | None:
    """A YAML file holding a list of mappings (an empty file is an empty list)."""
    if optional and not os.path.exists(path):
        return None
    doc = load(path)
    if doc is None:
        return []
    if not isinstance(doc, list) or not all(isinstance(x, dict) for x in doc):
        raise TreeError(f"{path}: expected a list of mappings")
    return doc


def field(doc: dict, key: str, path: str, kind: type | tuple = str):
    """A required field of a mapping, of the given type."""
    value = doc.get(key)
    if value is None or isinstance(value, bool) and kind is not bool \
            or not isinstance(value, kind):
        raise TreeError(f"{path}: {key} missing or not {_kind_name(kind)}"
                        + (f" (in {_brief(doc)})" if doc else ""))
    return value


def _kind_name(kind) -> str:
    names = {str: "a text", int: "a number", list: "a list", dict: "a mapping"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def _brief(doc: dict) -> str:
    for key in ("driverId", "entrantId", "constructorId", "id", "position"):
        if key in doc:
            return f"{key} {doc[key]}"
    return "an item"


class Ids:
    """The id files of the tree (``drivers/*.yml``, ...), read when asked. A file is
    named after the id it defines, nearly always: when not, every file of the kind is
    read once and each known by the ``id`` it holds."""

    KINDS = ("drivers", "constructors", "engine-manufacturers", "circuits", "grands-prix",
             "countries", "entrants", "chassis", "engines", "tyre-manufacturers")

    def __init__(self, data: str):
        self.data = data
        self._cache: dict[tuple[str, str], dict] = {}
        self._indexed: set[str] = set()

    def get(self, kind: str, id_: object, where: str) -> dict:
        """The mapping of ``kind`` whose ``id`` is ``id_``; a TreeError naming ``where``
        when no file defines it."""
        key = (kind, id_)
        doc = self._cache.get(key)
        if doc is not None:
            return doc
        if not isinstance(id_, str) or not id_ or "/" in id_ or id_.startswith("."):
            raise TreeError(f"{where}: {kind} id {id_!r} is not an id")
        path = os.path.join(self.data, kind, f"{id_}.yml")
        if os.path.exists(path):
            doc = self._read(path)
            if doc.get("id") == id_:
                self._cache[key] = doc
                return doc
        if kind not in self._indexed:
            self._index(kind)
        doc = self._cache.get(key)
        if doc is None:
            raise TreeError(f"{where}: {kind} id {id_!r} is defined by no file of {kind}/")
        return doc

    def _read(self, path: str) -> dict:
        doc = load(path)
        if not isinstance(doc, dict):
            raise TreeError(f"{path}: expected a mapping")
        return doc

    def _index(self, kind: str) -> None:
        folder = os.path.join(self.data, kind)
        try:
            names = sorted(os.listdir(folder))
        except FileNotFoundError:
            raise TreeError(f"{folder}: missing") from None
        for name in names:
            if name.endswith(".yml"):
                path = os.path.join(folder, name)
                doc = self._read(path)
                self._cache.setdefault((kind, field(doc, "id", path)), doc)
        self._indexed.add(kind)

    def name(self, kind: str, id_: object, where: str, key: str = "name") -> str:
        doc = self.get(kind, id_, where)
        return field(doc, key, f"{kind} {id_}")

    def alpha3(self, country: object, where: str) -> str | None:
        """A country's three-letter code (ISO 3166 alpha-3)."""
        if country is None:
            return None
        return self.get("countries", country, where).get("alpha3Code")


@attrs.frozen
class RaceFiles:
    """One race's files as read: race.yml and what the race has of the others."""

    directory: str
    race: dict
    results: list[dict] | None  # race-results.yml (None: the race is not run yet)
    sprint: list[dict] | None
    fastest_laps: list[dict] | None
    grid: list[dict] | None


@attrs.frozen
class SeasonFiles:
    year: int
    directory: str
    entrants: list[dict]
    races: tuple[RaceFiles, ...]


def seasons(data: str) -> list[int]:
    """The years the tree holds (``seasons/YYYY``), in order."""
    root = os.path.join(data, "seasons")
    if not os.path.isdir(root):
        raise TreeError(f"{root}: missing (is {data} the data directory of an F1DB tree?)")
    return sorted(int(n) for n in os.listdir(root) if n.isdecimal() and len(n) == 4)


def read_season(data: str, year: int) -> SeasonFiles:
    """Read one season's files: entrants.yml and every race directory, in round order.

    A race without race-results.yml is one not run yet; only races at the end of the
    calendar may lack it (a gap before a race with results is an incomplete tree).
    """
    directory = os.path.join(data, "seasons", str(year))
    if not os.path.isdir(directory):
        raise TreeError(f"{directory}: missing (the tree has no season {year})")
    entrants = load_list(os.path.join(directory, "entrants.yml"))
    races_dir = os.path.join(directory, "races")
    try:
        names = sorted(os.listdir(races_dir))
    except FileNotFoundError:
        raise TreeError(f"{races_dir}: missing") from None
    races = []
    for expected, name in enumerate(names, start=1):
        path = os.path.join(races_dir, name)
        match = RACE_DIR.match(name)
        if not match or not os.path.isdir(path):
            raise TreeError(f"{path}: not a race directory (NN-grand-prix)")
        if int(match.group(1)) != expected:
            raise TreeError(f"{path}: round {int(match.group(1))} out of order "
                            f"(round {expected} expected here)")
        race_path = os.path.join(path, "race.yml")
        race = load(race_path)
        if not isinstance(race, dict):
            raise TreeError(f"{race_path}: expected a mapping")
        if field(race, "round", race_path, int) != expected:
            raise TreeError(f"{race_path}: round {race['round']} out of order "
                            f"(the directory says round {expected})")

        def part(file: str, path=path) -> list[dict] | None:
            return load_list(os.path.join(path, file), optional=True)

        races.append(RaceFiles(path, race, part("race-results.yml"),
                               part("sprint-race-results.yml"), part("fastest-laps.yml"),
                               part("starting-grid-positions.yml")))
    if not races:
        raise TreeError(f"{races_dir}: no races")
    run = [r.results is not None for r in races]
    if run != sorted(run, reverse=True):
        gap = races[run.index(False)]
        raise TreeError(f"{os.path.join(gap.directory, 'race-results.yml')}: missing, "
                        "though a later race has results")
    return SeasonFiles(year, directory, entrants, tuple(races))


def rounds_of(text: object, where: str) -> frozenset[int]:
    """The rounds an entrants.yml ``rounds`` field names: ``1-19``, ``3, 5-7``, ``4``;
    none (a test driver)."""
    if text is None or text == "":
        return frozenset()
    if isinstance(text, int) and not isinstance(text, bool):
        return frozenset((text,))
    if not isinstance(text, str):
        raise TreeError(f"{where}: rounds {text!r} is not a list of rounds")
    out: set[int] = set()
    for part in text.split(","):
        part = part.strip()
        first, dash, last = part.partition("-")
        if not first.isdecimal() or dash and not last.isdecimal():
            raise TreeError(f"{where}: rounds {text!r} is not a list of rounds")
        out.update(range(int(first), int(last or first) + 1))
    return frozenset(out)
