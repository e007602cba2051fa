"""Helpers shared by the API and webhook tests (tests/api/, tests/integrations/)."""

import http.server
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.integrations.services.api_tokens import create_api_token
from app.tenancy import scoped_to
from tests.factories import make_partner, make_tenant, make_user

PUBLIC_TEST_ADDRESS = "93.184.216.34"  # never contacted: only resolved to, for save-time checks


@dataclass
class ApiOrg:
    tenant: object
    admin: object
    partners: list = field(default_factory=list)


@dataclass
class ApiWorld:
    a: ApiOrg
    b: ApiOrg


def _api_org(label):
    admin = make_user(f"api-admin@{label}.example.com")
    tenant = make_tenant(f"API vendor {label.upper()}", f"api-vendor-{label}", admin)
    partners = [make_partner(tenant, f"API partner {label.upper()}{index}") for index in (1, 2)]
    return ApiOrg(tenant=tenant, admin=admin, partners=partners)


def build_api_world():
    """Two tenants with two partners each: a lighter `world` for API tests."""
    return ApiWorld(a=_api_org("a"), b=_api_org("b"))


def make_token(tenant, scopes=("read", "write"), name="Test integration"):
    """A committed API token of `tenant`; returns the raw token."""
    with scoped_to(tenant.id):
        _, raw = create_api_token(name, list(scopes))
        db.session.commit()
    return raw


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def make_item(tenant, text="Some feedback", given_at=None, **fields):
    """A committed feedback item of `tenant` (through the one store); returns its id."""
    fields.setdefault("source", Source.CUSTOMER)
    fields.setdefault("channel", Channel.EMAIL)
    with scoped_to(tenant.id):
        item, _ = record_feedback(
            FeedbackInput(text=text, given_at=given_at or datetime(2024, 5, 1, 12), **fields)
        )
        db.session.commit()
        return item.id


def items_of(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def fake_dns(monkeypatch, mapping):
    """Make `socket.getaddrinfo` answer host -> [addresses] for the names in `mapping`
    (None: no such name); other names resolve for real."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in mapping and mapping[host] is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        if host in mapping:
            return [
                (
                    socket.AF_INET6 if ":" in address else socket.AF_INET,
                    socket.SOCK_STREAM,
                    6,
                    "",
                    (address, port or 0, 0, 0) if ":" in address else (address, port or 0),
                )
                for address in mapping[host]
            ]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


class Receiver:
    """A local HTTP server on 127.0.0.1 that records webhook requests.

    `statuses` are answered in turn (then 204); `delay` seconds are waited before
    answering; a 3xx status answers with a Location to /redirected."""

    def __init__(self):
        self.requests, self.statuses, self.delay = [], [], 0.0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                if receiver.delay:
                    time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 204
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/redirected")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def port(self):
        return self.server.server_address[1]

    def url(self, path="/hook", host="127.0.0.1"):
        return f"http://{host}:{self.port}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def make_endpoint(tenant, url):
    """A committed webhook endpoint of `tenant`; returns (id, secret)."""
    from app.integrations.services.webhooks import create_endpoint

    with scoped_to(tenant.id):
        endpoint = create_endpoint(url)
        db.session.commit()
        return endpoint.id, endpoint.secret
