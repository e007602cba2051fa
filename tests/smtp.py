"""A real SMTP server (aiosmtpd) on a free local port, keeping what it receives."""

import email
import socket
import threading
import time
from email import policy

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, _server, _session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.messages.append(message)
        return "250 OK"


class SmtpServer:
    """Start/stop a local SMTP server; `messages` are parsed EmailMessages."""

    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port()
        self.messages = []
        self.lock = threading.Lock()
        self.controller = None

    def start(self):
        self.controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def clear(self):
        with self.lock:
            self.messages.clear()

    def wait_for(self, count=1, timeout=10.0):
        """Wait until at least `count` messages arrived; returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} email(s), got {len(self.messages)}")

    def to(self, address):
        with self.lock:
            return [m for m in self.messages if m["To"] == address]


def text_part(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message):
    return message.get_body(preferencelist=("html",)).get_content()
