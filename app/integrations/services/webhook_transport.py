"""Sending one webhook request safely: SSRF checks and a pinned, no-redirect POST.

A tenant chooses the URL, so the server must never become a way to reach its own
network. Every address a host name resolves to must be public; the connection then
goes to the address that was checked (no second DNS look-up an attacker could
answer differently), redirects are not followed, proxies are not used and
timeouts are short."""

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.core.errors import ServiceError

MAX_URL_LENGTH = 2000
# Cloud metadata services; most are link-local or private already, listed to be explicit.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(address)
    for address in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254")
)


class UnsafeUrl(ServiceError):
    """A webhook URL that is malformed or points at a non-public address."""

    def __init__(self, message):
        super().__init__(message, field="url")


class DeliveryError(Exception):
    """A webhook request that did not get a 2xx answer; `status` is the HTTP status, if any."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Target:
    host: str
    port: int
    address: str  # the checked IP address the connection goes to


def _embedded_ipv4(ip):
    # ::ffff:127.0.0.1, 6to4 and Teredo addresses carry an IPv4 address that routes too.
    if ip.version == 6:
        return ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
    return None


def is_forbidden_address(ip):
    """True for loopback, private, link-local, multicast, reserved, unspecified,
    shared (CGNAT) and metadata addresses: anything that is not plainly public."""
    embedded = _embedded_ipv4(ip)
    if embedded is not None and is_forbidden_address(embedded):
        return True
    return (
        ip in METADATA_ADDRESSES
        or ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _split_url(url):
    if not url or len(url) > MAX_URL_LENGTH or any(ord(ch) <= 32 or ord(ch) == 127 for ch in url):
        raise UnsafeUrl("Enter a complete http:// or https:// URL without spaces.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeUrl("Only http:// and https:// URLs with a host name can receive webhooks.")
    if parts.username is not None or parts.password is not None:
        raise UnsafeUrl("Leave credentials out of the URL; verify the signature instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise UnsafeUrl("The port in this URL is not valid.") from error
    return parts.hostname, port


def _resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as error:
        raise UnsafeUrl(f"The host name {host!r} could not be resolved.") from error
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise UnsafeUrl(f"The host name {host!r} could not be resolved.")
    return addresses


def check_url(url, allow_private=False):
    """The Target `url` may be sent to; raises UnsafeUrl. Every resolved address is
    checked, so a name with one public and one private address is refused."""
    host, port = _split_url(url)
    addresses = _resolve(host, port)
    if not allow_private:
        for address in addresses:
            if is_forbidden_address(address):
                raise UnsafeUrl("This URL points to a private, loopback or otherwise internal address.")
    return Target(host=host, port=port, address=str(addresses[0]))


class _PinnedConnectionMixin:
    """Connects to the checked address while keeping the URL's host name for the
    Host header, TLS SNI and certificate verification."""

    def __init__(self, *args, pinned_address, **kwargs):
        super().__init__(*args, **kwargs)
        self._pinned_address = pinned_address
        self._create_connection = self._connect_pinned

    def _connect_pinned(self, address, timeout, source_address=None):
        return socket.create_connection((self._pinned_address, address[1]), timeout, source_address)


class _PinnedHTTPConnection(_PinnedConnectionMixin, http.client.HTTPConnection):
    pass


class _PinnedHTTPSConnection(_PinnedConnectionMixin, http.client.HTTPSConnection):
    pass


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address):
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(_PinnedHTTPConnection, req, pinned_address=self.address)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address):
        super().__init__(context=ssl.create_default_context())
        self.address = address

    def https_open(self, req):
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context, pinned_address=self.address)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A 3xx is an answer, not an instruction: it could point anywhere, internal too."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener(address):
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirects(),
        _PinnedHTTPHandler(address),
        _PinnedHTTPSHandler(address),
    )


def post(url, body, headers, timeout, allow_private=False):
    """POST `body` to `url` after checking it again; returns the 2xx status, or
    raises DeliveryError (refused URL, network error, timeout or non-2xx status)."""
    try:
        target = check_url(url, allow_private)
    except UnsafeUrl as error:
        raise DeliveryError(f"Refused: {error.message}") from error
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _opener(target.address).open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise DeliveryError(f"HTTP {error.code} {error.reason}", status=error.code) from error
    except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise DeliveryError(f"{type(error).__name__}: {reason}") from error
