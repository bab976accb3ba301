"""The uploaded file between the preview and the confirmation, kept on the server under its SHA-256.

The browser only ever sends the hash back; the import reads the bytes from here and checks the hash again, so what
is imported is exactly what was previewed, and nothing parsed travels through the client. Files older than a day
are removed at the next upload.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.conf import settings

SHA256 = re.compile(r"^[0-9a-f]{64}$")
MAX_AGE_SECONDS = 24 * 3600


def upload_dir() -> Path:
    configured = getattr(settings, "IMPORT_UPLOAD_DIR", "")
    path = Path(configured) if configured else Path(tempfile.gettempdir()) / "partnerregister-imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(data: bytes) -> str:
    """Keep ``data``; returns its SHA-256 (hex), the key to ``load`` it."""
    digest = hashlib.sha256(data).hexdigest()
    directory = upload_dir()
    _purge(directory)
    target = directory / digest
    if not target.exists():
        handle, temporary = tempfile.mkstemp(dir=directory)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)  # atomic: a reader never sees half a file
    else:
        os.utime(target)
    return digest


def load(digest: str) -> bytes | None:
    """The stored bytes of ``digest``, or None when unknown, expired or not matching the hash."""
    if not SHA256.match(digest or ""):
        return None
    try:
        data = (upload_dir() / digest).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == digest else None


def discard(digest: str) -> None:
    if SHA256.match(digest or ""):
        (upload_dir() / digest).unlink(missing_ok=True)


def _purge(directory: Path) -> None:
    cutoff = time.time() - MAX_AGE_SECONDS
    for path in directory.iterdir():
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass
