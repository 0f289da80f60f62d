from __future__ import annotations

import gzip
import hashlib

import pytest

from extractors.http.archive import ArchiveError, RawArchive


def test_archive_is_content_addressed_and_verified(tmp_path):
    archive = RawArchive(tmp_path)
    body = b"<html>811,000 jobs</html>"
    digest = archive.put(body)
    assert digest == hashlib.sha256(body).hexdigest()
    assert archive.get(digest) == body
    assert archive.put(body) == digest  # idempotent, nothing rewritten
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{digest}.gz"]


def test_corrupt_archive_file_is_an_error_naming_it(tmp_path):
    archive = RawArchive(tmp_path)
    digest = archive.put(b"original bytes")
    path = archive.path_for(digest)
    path.write_bytes(gzip.compress(b"tampered bytes"))
    with pytest.raises(ArchiveError) as caught:
        archive.get(digest)
    assert str(path) in str(caught.value)
    assert "corrupt" in str(caught.value)
