"""Secret link tokens: 256 bits of randomness, stored only as SHA-256 hashes."""

import hashlib
import hmac
import secrets


def new_token():
    """A (raw token for the link, hash to store) pair."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw):
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(raw, stored_hash):
    return hmac.compare_digest(hash_token(raw), stored_hash)
