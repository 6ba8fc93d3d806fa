"""The app's static files (its style sheet), read once from the package and answered from memory.

Pages link to each file with its content hash (``/static/style.css?v=3f2a...``), and such an address is cached by
browsers for a year: the hash changes whenever the file does, so a page never gets a stale copy, and a browser
asks for the file once instead of with every page. Without the hash (or with an old one) the file is answered
with an ETag to check it by.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import mimetypes
from dataclasses import dataclass

__all__ = ["Asset", "asset_url", "load_assets"]


@dataclass(frozen=True)
class Asset:
    content: bytes
    media_type: str
    version: str  # the first 16 hex digits of the content's SHA-256

    @property
    def etag(self) -> str:
        return f'"{self.version}"'


def load_assets(package: str = "mlladder.web", folder: str = "static") -> dict[str, Asset]:
    """Every file in the package's static folder, by name."""
    found: dict[str, Asset] = {}
    for entry in (importlib.resources.files(package) / folder).iterdir():
        if entry.is_file():
            content = entry.read_bytes()
            media_type = mimetypes.guess_type(entry.name)[0] or "application/octet-stream"
            if media_type.startswith("text/"):
                media_type += "; charset=utf-8"
            found[entry.name] = Asset(content, media_type, hashlib.sha256(content).hexdigest()[:16])
    return found


def asset_url(assets: dict[str, Asset], name: str) -> str:
    """The address pages link to: the file's path with its version."""
    return f"/static/{name}?v={assets[name].version}"
