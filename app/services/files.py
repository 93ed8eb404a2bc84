"""Statement and catalog files: content hashing and the upload store."""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO

from app.services.db import settings

CHUNK = 1 << 20


def sha256_of(path: str | os.PathLike) -> str:
    """Hex sha256 of a file's bytes, read in 1 MiB chunks (constant memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def store(source: BinaryIO | str | os.PathLike, filename: str, folder: str = "statements") -> tuple[Path, str, bool]:
    """Copy a file (path or open binary stream) into ``<data_dir>/<folder>/<sha256>/<name>``
    and return ``(stored path, sha256, new)``. Storing the same bytes twice keeps one copy
    (``new`` False)."""
    root = settings().data_dir / folder
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".upload-{os.getpid()}-{id(source)}"
    with open(partial, "wb") as out:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as fh:
                shutil.copyfileobj(fh, out, CHUNK)
        else:
            shutil.copyfileobj(source, out, CHUNK)
    digest = sha256_of(partial)
    target = root / digest / (Path(filename).name or "statement")
    target.parent.mkdir(exist_ok=True)
    new = not target.exists()
    if new:
        partial.replace(target)
    else:
        partial.unlink()
    return target, digest, new
