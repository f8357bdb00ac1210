"""What Ergast's records say and a season's log does not: a driver's given and
family names, date of birth, code and number, a nationality as a word, a
constructor's nationality, a circuit's place and position on the map. Read from
F1DB's tree (``champ serve --f1db PATH``), the source the F1 seasons were imported
from; never a points figure or a result. Without the tree these fields are left
out, as the record leaves them out."""

from __future__ import annotations

import functools
import os


class Reference:
    """F1DB's reference files, read when first asked for and kept."""

    def __init__(self, path: str | None) -> None:
        self.data = None
        if path:
            data = os.path.join(path, "data")
            self.data = data if os.path.isdir(data) else path

    @functools.cache  # noqa: B019 - one Reference per server, kept for its life
    def _file(self, *parts: str) -> dict:
        if self.data is None:
            return {}
        try:
            import yaml
        except ImportError:  # pragma: no cover - PyYAML comes with the F1DB importer
            return {}
        try:
            with open(os.path.join(self.data, *parts), encoding="utf-8") as f:
                doc = yaml.safe_load(f)
        except (OSError, yaml.YAMLError):
            return {}
        return doc if isinstance(doc, dict) else {}

    @functools.cached_property
    def _by_alpha3(self) -> dict[str, str]:
        if self.data is None:
            return {}
        out = {}
        for name in sorted(os.listdir(os.path.join(self.data, "countries"))):
            doc = self._file("countries", name)
            if doc.get("alpha3Code"):
                out[doc["alpha3Code"]] = doc.get("demonym") or doc.get("name")
        return out

    def demonym(self, country_id: str | None) -> str | None:
        return self._file("countries", f"{country_id}.yml").get("demonym") if country_id \
            else None

    def nationality(self, alpha3: str | None) -> str | None:
        """The nationality as Ergast writes it (``Brazilian``) for an ISO code (``BRA``)."""
        return self._by_alpha3.get(alpha3, alpha3) if alpha3 else None

    def driver(self, driver_id: str) -> dict:
        doc = self._file("drivers", f"{driver_id}.yml")
        out = {}
        if doc.get("permanentNumber"):
            out["permanentNumber"] = str(doc["permanentNumber"])
        if doc.get("abbreviation"):
            out["code"] = doc["abbreviation"]
        if doc.get("firstName"):
            out["givenName"] = doc["firstName"]
        if doc.get("lastName"):
            out["familyName"] = doc["lastName"]
        if doc.get("dateOfBirth"):
            out["dateOfBirth"] = str(doc["dateOfBirth"])
        nationality = self.demonym(doc.get("nationalityCountryId"))
        if nationality:
            out["nationality"] = nationality
        return out

    def constructor_name(self, constructor_id: str) -> str | None:
        return self._file("constructors", f"{constructor_id}.yml").get("name")

    def constructor(self, constructor_id: str) -> dict:
        doc = self._file("constructors", f"{constructor_id}.yml")
        nationality = self.demonym(doc.get("countryId"))
        return {"nationality": nationality} if nationality else {}

    def race(self, year: int, number: int) -> dict:
        """F1DB's race file of a season's round (by its number), or {}."""
        if self.data is None:
            return {}
        folder = os.path.join(self.data, "seasons", str(year), "races")
        try:
            names = os.listdir(folder)
        except OSError:
            return {}
        for name in names:
            if name.split("-", 1)[0] == f"{number:02d}":
                return self._file("seasons", str(year), "races", name, "race.yml")
        return {}

    def circuit(self, circuit_id: str | None) -> dict:
        doc = self._file("circuits", f"{circuit_id}.yml") if circuit_id else {}
        if not doc:
            return {}
        location = {"locality": doc.get("placeName"),
                    "country": self._file("countries", f"{doc.get('countryId')}.yml").get(
                        "name")}
        if doc.get("latitude") is not None:
            location.update(lat=str(doc["latitude"]), long=str(doc["longitude"]))
        return {"circuitId": circuit_id, "circuitName": doc.get("fullName") or doc.get("name"),
                "Location": {k: v for k, v in location.items() if v is not None}}
