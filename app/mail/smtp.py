"""SMTP sessions for the sender: one connection, and a small pool sending in parallel.

Every message costs four round trips (MAIL, RCPT, DATA, the data itself) and smtplib
cannot pipeline them, so one session is bounded by the server's latency: 5 ms a
round trip is 50 messages a second. A few sessions in parallel keep the server busy.
"""

import smtplib
import ssl
import threading
from concurrent.futures import ThreadPoolExecutor


class SmtpUnavailable(Exception):
    """The SMTP server could not be reached or refused the login."""


class SmtpConnection:
    """One SMTP session, opened on first use and reused until closed."""

    def __init__(self, config):
        self.config = config
        self.client = None

    def send(self, email_message):
        if self.client is None:
            self.client = self._connect()
        self.client.send_message(email_message)

    def _connect(self):
        config = self.config
        try:
            client = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
        except (smtplib.SMTPException, OSError) as error:
            raise SmtpUnavailable(f"{type(error).__name__}: {error}") from error
        try:
            self._secure_and_log_in(client)
        except (smtplib.SMTPException, OSError) as error:
            client.close()
            raise SmtpUnavailable(f"{type(error).__name__}: {error}") from error
        return client

    def _secure_and_log_in(self, client):
        config = self.config
        if config.get("SMTP_STARTTLS"):
            # An explicit context: smtplib's default one does not verify the certificate.
            client.starttls(context=ssl.create_default_context())
        if config.get("SMTP_USER"):
            client.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")

    def close(self):
        if self.client is None:
            return
        try:
            self.client.quit()
        except (smtplib.SMTPException, OSError):
            self.client.close()
        self.client = None


class SmtpPool:
    """Up to `size` SMTP sessions, each owned by one worker thread.

    `send_all` returns one outcome per message, in order: None when the server
    accepted it, else the exception. Once a connection attempt fails, the rest of
    that call fails fast with the same SmtpUnavailable instead of N timeouts."""

    def __init__(self, config, size):
        self.config = config
        self.executor = ThreadPoolExecutor(max_workers=max(size, 1), thread_name_prefix="smtp")
        self.local = threading.local()
        self.connections = []
        self.lock = threading.Lock()
        self.unavailable = None

    def send_all(self, email_messages):
        self.unavailable = None
        return list(self.executor.map(self._send, email_messages))

    def _send(self, email_message):
        connection = self._connection()
        if connection.client is None and self.unavailable is not None:
            return self.unavailable
        try:
            connection.send(email_message)
        except SmtpUnavailable as error:
            self.unavailable = error
            return error
        except Exception as error:  # whatever it is, it belongs to this message
            # Raising would roll back the whole batch, including what was already
            # sent, and send it again next round. A broken session must not poison
            # the next message either.
            connection.close()
            return error
        return None

    def _connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            connection = self.local.connection = SmtpConnection(self.config)
            with self.lock:
                self.connections.append(connection)
        return connection

    def close(self):
        self.executor.shutdown(wait=True)
        for connection in self.connections:
            connection.close()
