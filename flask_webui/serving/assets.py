"""The built frontend: which content-hashed file each asset is, and serving
them compressed (gzip or brotli, made at build time, picked by the browser's
Accept-Encoding) with a year of caching, by WhiteNoise.

``npm run build`` writes ``static/manifest.json``, e.g. ``{"webui.js":
"webui-5WXBYOPT.js", ...}``; a page names its assets through it.

>>> Assets().file("webui.js")  # doctest: +SKIP
'webui-5WXBYOPT.js'
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from pathlib import Path
from typing import Any

from whitenoise import WhiteNoise

STATIC_FOLDER = Path(__file__).parent.parent / "static"
#: Where the assets are served, under the app's ``WEBUI_URL_PREFIX``.
STATIC_URL_PATH = "/_webui/static"

NOT_BUILT = ("flask_webui's frontend is not built: run `npm ci && npm run build` in the source tree, "
             "or install a built wheel")

# esbuild's and the build's names: name-XXXXXXXX.ext, the content's hash.
_HASHED = re.compile(r"-[A-Z0-9]{8}\.[a-z]+$")


class Assets:
    """The manifest of the built frontend, read once, and again when the file
    has changed (``npm run watch``); whether it has is looked at most every
    ``recheck_after`` seconds, not on every page request."""

    def __init__(self, folder: Path = STATIC_FOLDER, recheck_after: float = 1.0) -> None:
        self.folder = folder
        self.recheck_after = recheck_after
        self._path = str(folder / "manifest.json")
        self._manifest: dict[str, str] = {}
        self._read_at: float | None = None  # the file's mtime when read
        self._checked_at = -math.inf

    @property
    def built(self) -> bool:
        try:
            self.manifest()
        except RuntimeError:
            return False
        return True

    def manifest(self) -> dict[str, str]:
        now = time.monotonic()
        if now - self._checked_at < self.recheck_after:
            return self._manifest
        try:
            changed = os.stat(self._path).st_mtime
        except FileNotFoundError:
            raise RuntimeError(NOT_BUILT) from None
        if changed != self._read_at:
            with open(self._path, encoding="utf-8") as file:
                self._manifest = json.load(file)
            self._read_at = changed
        self._checked_at = now
        return self._manifest

    def file(self, name: str) -> str:
        """The file that serves asset ``name`` (``webui.js``, ``themes/minty.css``)."""
        return self.manifest()[name]

    def optional(self, name: str) -> str | None:
        """Like :meth:`file`, or ``None`` for an asset this build has not made
        (the rest of Bootstrap is not split off by ``npm run watch``)."""
        return self.manifest().get(name)


def is_hashed(path: str, url: str = "") -> bool:
    """Whether a file's name carries its content's hash: such a file never
    changes, so browsers may keep it for a year."""
    return bool(_HASHED.search(path))


def serve_assets(wsgi_app: Any, url_prefix: str, debug: bool = False) -> WhiteNoise:
    """Wrap ``wsgi_app`` so that it serves the built assets at
    ``{url_prefix}/_webui/static/``, compressed when the browser accepts it."""
    return WhiteNoise(wsgi_app, root=str(STATIC_FOLDER), prefix=url_prefix.rstrip("/") + STATIC_URL_PATH,
                      autorefresh=debug, immutable_file_test=is_hashed, max_age=0 if debug else 60)
