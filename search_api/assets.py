"""Vendored static files served by name: the docs pages' and the web pages' CSS and JavaScript.

Only the files that are there are served, looked up by name in a table made at import: no path
is ever built from the request, so nothing outside the package can be reached.
"""

from __future__ import annotations

from importlib.resources import files

from fastapi.responses import Response

from search_api.errors import Problem


class Assets:
    """The files of `package`/static whose suffix has a media type in `media`."""

    def __init__(self, package: str, media: dict[str, str], max_age: int, missing: str) -> None:
        static = files(package) / "static"
        self.media = media
        self.entries = {e.name: e for e in static.iterdir() if e.name.endswith(tuple(media))}
        self.cache = {"Cache-Control": f"public, max-age={max_age}"}
        self.missing = missing  # the 404's detail, {} standing for the quoted name

    def response(self, filename: str) -> Response:
        entry = self.entries.get(filename)
        if entry is None:
            raise Problem("not-found", self.missing.format(repr(filename[:100])))
        media = self.media["." + filename.rsplit(".", 1)[-1]]
        return Response(entry.read_bytes(), media_type=media, headers=self.cache)
