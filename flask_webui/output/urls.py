"""URLs from page code checked where the browser would run them: a link to
``javascript:`` (however it is cased or padded) runs script when clicked."""

from __future__ import annotations

import re

#: Schemes that run script or make a document out of the URL itself.
SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# What browsers drop from a URL before reading its scheme (WHATWG URL):
# C0 controls and spaces at either end, tabs and newlines anywhere.
_EDGES = "".join(chr(c) for c in range(0x21))
_INSIDE = re.compile(r"[\t\n\r]")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read from ``url``, lower-cased (``None``
    for a relative URL).

    >>> url_scheme("  JaVa\\tScRiPt:alert(1)"), url_scheme("/bmi"), url_scheme("https://x")
    ('javascript', None, 'https')
    """
    match = _SCHEME.match(_INSIDE.sub("", url.strip(_EDGES)))
    return match.group(1).lower() if match else None


def check_url(url: str, what: str, *, image: bool = False, allow_unsafe: bool = False) -> str:
    """``url`` if a browser would not run it as script: ``javascript:``,
    ``vbscript:`` and ``data:`` URLs are refused (``data:image/...`` is allowed
    for an ``image``), unless ``allow_unsafe`` (the page vouches for it).

    :raises ValueError: naming the scheme and the opt-out.
    """
    if not isinstance(url, str):
        raise TypeError(f"{what} must be a string")
    scheme = url_scheme(url)
    if allow_unsafe or scheme not in SCRIPT_SCHEMES:
        return url
    if image and scheme == "data" and _INSIDE.sub("", url.strip(_EDGES))[5:].lower().startswith("image/"):
        return url
    raise ValueError(f"{what} with a {scheme}: URL is refused: a browser would run it as script. "
                     "Pass allow_unsafe_url=True if the page made it itself.")
