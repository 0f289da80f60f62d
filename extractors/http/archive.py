"""Content-addressed, append-only store of raw documents: every fact points to bytes kept here.

Files live at `<root>/<sha[:2]>/<sha>.gz`. They are written to a temporary name and renamed, so a crash
never leaves a half file under a real name; they are never rewritten, so nothing stored is lost.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import tempfile
from pathlib import Path


class ArchiveError(RuntimeError):
    pass


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


class RawArchive:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.gz"

    def contains(self, sha256: str) -> bool:
        """Whether a file is stored under `sha256` (not whether it is intact; `get` checks that)."""
        return self.path_for(sha256).exists()

    def put(self, body: bytes) -> str:
        digest = sha256_hex(body)
        path = self.path_for(digest)
        if path.exists():
            return digest
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".gz")
        try:
            with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
                gz.write(body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def get(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            body = gzip.decompress(path.read_bytes())
        except FileNotFoundError as exc:
            raise ArchiveError(f"{path}: no archived document {sha256}") from exc
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise ArchiveError(f"{path}: archived document is corrupt ({exc})") from exc
        if sha256_hex(body) != sha256:
            raise ArchiveError(f"{path}: archived bytes do not hash to {sha256}; the file is corrupt")
        return body
