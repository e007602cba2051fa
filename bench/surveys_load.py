"""Survey submission under load: recipients created and emailed through the survey
services, the emails delivered over SMTP to a local aiosmtpd server (the outbox send
rate), the links read back from those emails, then answered over HTTP."""

import email
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from email import policy
from pathlib import Path

from sqlalchemy import event, func, select

from app.extensions import db
from app.mail.sender import deliver_all_due
from app.surveys.models import QuestionKind, SurveyResponse
from app.surveys.services import builder as surveys
from app.surveys.services import campaigns as survey_campaigns
from app.surveys.services import sending as survey_sending
from app.surveys.services.campaigns import ContactRow
from app.tenancy import scoped_to
from bench import smtp_sink
from bench.load import free_port

LINK = re.compile(r"https?://[^\s/]+/s/([A-Za-z0-9_\-]+)(?=\s)")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
THANKS = b"Your answers have been recorded"
ALREADY_ANSWERED = b"You have already answered this survey"
QUESTIONS = ((QuestionKind.NPS, "How likely are you to recommend us?", True),
             (QuestionKind.CSAT, "How satisfied are you with support?", False),
             (QuestionKind.TEXT, "What should we improve?", False))


def prepare_campaign(tenant, admin, partner, count):
    """A sent customer campaign of `count` recipients (emails queued in the outbox);
    returns {question kind: form field name}."""
    with scoped_to(tenant.id):
        survey = surveys.create_survey(admin, "Bench survey", "Benchmark.")
        for kind, prompt, required in QUESTIONS:
            surveys.add_question(survey, kind, prompt, required)
        campaign = survey_campaigns.create_customer_campaign(admin, survey.id, partner.id, "Bench campaign")
        rows = [ContactRow(f"customer{n}@example.com", f"Customer {n}") for n in range(count)]
        survey_campaigns.add_recipients(campaign, rows)
        survey_sending.send_campaign(campaign)
        fields = {q.kind: f"q{q.id}" for q in survey.questions}
        db.session.commit()
    return fields


def deliver_outbox(app):
    """Deliver every queued email to a local SMTP server (bench/smtp_sink.py, its own
    process); returns (messages, seconds, tokens)."""
    port = free_port()
    with tempfile.TemporaryDirectory() as directory:
        path = str(Path(directory) / "inbox")
        sink = subprocess.Popen([sys.executable, str(Path(__file__).with_name("smtp_sink.py")), str(port), path],
                                stdout=subprocess.PIPE, text=True)
        try:
            sink.stdout.readline()  # "ready"
            app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port)
            began = time.perf_counter()
            sent = deliver_all_due()
            seconds = time.perf_counter() - began
        finally:
            sink.terminate()
            sink.wait()
        return sent, seconds, _tokens(smtp_sink.read_messages(path))


def _tokens(raw_messages):
    tokens = []
    for raw in raw_messages:
        message = email.message_from_bytes(raw, policy=policy.default)
        match = LINK.search(message.get_body(preferencelist=("plain",)).get_content())
        if match:
            tokens.append(match.group(1))
    return tokens


def answer_statements(app, token, fields):
    """The SQL statements of one survey answer, answered in process (the app's CSRF off):
    a regression guard next to the throughput figure (tests/runtime/test_speed_statements.py pins it)."""
    client, seen = app.test_client(), []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    client.get(f"/s/{token}")
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.post(f"/s/{token}", data=answer_form(fields))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    if response.status_code != 200 or THANKS not in response.data:
        raise RuntimeError(f"in-process survey answer failed ({response.status_code})")
    return seen


def answer_form(fields):
    return {fields[QuestionKind.NPS]: "9", fields[QuestionKind.CSAT]: "4",
            fields[QuestionKind.TEXT]: "Faster quotes, please."}


def responses_stored(tenant):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count(SurveyResponse.id)))


class SurveyClient:
    """Load worker: each thread opens one link (GET: CSRF token and session cookie) and
    answers it untimed (warming the worker: templates, sentiment lexicon), then answers
    one fresh link per POST, as a respondent's browser would."""

    def __init__(self, tokens, fields):
        self.tokens, self.fields, self.lock = list(tokens), fields, threading.Lock()
        self.warm_up_answers = 0
        self.answered = []  # tokens answered during the timed run

    def _next_token(self):
        with self.lock:
            return self.tokens.pop() if self.tokens else None

    def setup(self, connection):
        token = self._next_token()
        response, body = connection.request("GET", f"/s/{token}")
        state = {"cookie": response.getheader("Set-Cookie", "").split(";")[0],
                 "csrf": CSRF.search(body.decode()).group(1)}
        if self._answer(connection, state, token):
            with self.lock:
                self.warm_up_answers += 1
        return state

    def _form(self, state):
        return urllib.parse.urlencode({"csrf_token": state["csrf"], **answer_form(self.fields)})

    def _answer(self, connection, state, token):
        headers = {"Cookie": state["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        response, body = connection.request("POST", f"/s/{token}", body=self._form(state), headers=headers)
        return response.status == 200 and THANKS in body

    def __call__(self, connection, state):
        token = self._next_token()
        if token is None:
            return None
        answered = self._answer(connection, state, token)
        if answered:
            with self.lock:
                self.answered.append(token)
        return answered


class AnsweredLinkClient(SurveyClient):
    """The survey POST's floor: answers re-sent to links already answered. Rate limiter,
    CSRF check, the link look-up and a rendered page, but nothing written: what any
    implementation of the answer pays before its first write. Each thread opens one of
    `fresh` links (its CSRF token and session cookie) and answers it untimed."""

    def __init__(self, answered, fresh, fields):
        super().__init__(fresh, fields)
        self.answered_links, self.position = list(answered), 0

    def __call__(self, connection, state):
        with self.lock:
            token = self.answered_links[self.position % len(self.answered_links)]
            self.position += 1
        headers = {"Cookie": state["cookie"], "Content-Type": "application/x-www-form-urlencoded"}
        response, body = connection.request("POST", f"/s/{token}", body=self._form(state), headers=headers)
        return response.status == 200 and ALREADY_ANSWERED in body
