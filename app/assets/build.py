"""Copy assets under content-hashed names and write their .gz and .br siblings.

A file's name carries the first 12 hex digits of its SHA-256, so a changed file gets a new
URL and every URL can be cached for a year. Building is idempotent: an output that exists is
complete (it is renamed into place last), so a second run, or a second process starting at
the same moment (gunicorn workers, pytest-xdist), only hashes. Old outputs stay, so pages
rendered by the previous release keep working during a rolling deploy."""

import fcntl
import hashlib
import os
from pathlib import Path, PurePosixPath

from whitenoise.compress import Compressor

HASH_LENGTH = 12
_digests = {}  # (path, size, mtime) -> sha256 hex; create_app runs many times in the tests


def digest_of(path):
    stat = os.stat(path)
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        _digests[key] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _digests[key]


def hashed_name(filename, digest):
    """css/app.css -> css/app.<12 hex digits>.css"""
    path = PurePosixPath(filename)
    return str(path.with_name(f"{path.stem}.{digest[:HASH_LENGTH]}{path.suffix}"))


def endpoint_folder(build_dir, endpoint):
    return Path(build_dir) / endpoint.replace(".", "-")


def _write_atomically(path, data):
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _write_asset(source, target, compressor):
    data = Path(source).read_bytes()
    target.parent.mkdir(parents=True, exist_ok=True)
    if compressor.should_compress(target.name):
        variants = []
        if compressor.use_brotli:
            variants.append(("Brotli", ".br", compressor.compress_brotli(data)))
        if compressor.use_gzip:
            variants.append(("Gzip", ".gz", compressor.compress_gzip(data)))
        for label, suffix, compressed in variants:
            if compressor.is_compressed_effectively(label, str(target), len(data), compressed):
                _write_atomically(target.with_name(target.name + suffix), compressed)
    _write_atomically(target, data)  # last: its existence means the asset is complete


def build(assets, build_dir):
    """{(endpoint, filename): hashed filename} for `assets`, writing what is missing."""
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    names = {(asset.endpoint, asset.filename): hashed_name(asset.filename, digest_of(asset.source))
             for asset in assets}
    missing = [asset for asset in assets
               if not (endpoint_folder(build_dir, asset.endpoint) / names[asset.endpoint, asset.filename]).exists()]
    if missing:
        with open(build_dir / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others wait, then find it done
            compressor = Compressor(quiet=True)
            for asset in missing:
                target = endpoint_folder(build_dir, asset.endpoint) / names[asset.endpoint, asset.filename]
                if not target.exists():
                    _write_asset(asset.source, target, compressor)
    return names
