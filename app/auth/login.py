"""Signing a browser in and out: Flask-Login on top of the server-side sessions of
app/auth/services/sessions.py.

Flask-Login stores `User.get_id()` in the session cookie and in the remember-me cookie;
that is the session token, so both cookies name one server-side session and stop
working when it ends."""

from flask import request, session
from flask_login import current_user, login_user, logout_user

from app.auth.services import sessions as user_sessions
from app.extensions import db, login_manager

# Access.SIGNED_IN pages (app/core/permissions.py) send anonymous visitors to log in, then back.
login_manager.login_view = "auth.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_token):
    """The person whose live session the cookie names; None (anonymous) once it has ended."""
    user = user_sessions.user_for_session(session_token)
    if user is not None:
        user.session_token = session_token
    return user


def current_session_token():
    """This browser's session token, or None when nobody is signed in."""
    return current_user.session_token if current_user.is_authenticated else None


def sign_in(user, remember=False):
    """Sign this browser in as `user` with a new server-side session, and commit. A session
    the browser held before ends first, and the browser's session data starts afresh, so
    a planted or older cookie gains nothing."""
    if not user.is_verified:
        raise ValueError("An account signs in only once its email address is verified.")
    previous = current_session_token()
    if previous is not None:
        user_sessions.end_session(previous)
    token = user_sessions.start_session(user, request.user_agent.string)
    db.session.commit()
    user.session_token = token
    session.clear()
    login_user(user, remember=remember)


def forget_browser_session():
    """Drop the signed-in state from this browser's cookies (not the server's record)."""
    # Clear first: logout_user() leaves a note in the session that makes Flask-Login
    # delete the remember cookie; clearing after it would keep that cookie alive.
    session.clear()
    logout_user()


def sign_out():
    """End this browser's session on the server (a copy of its cookies stops working too),
    then forget it here. Commits."""
    token = current_session_token()
    if token is not None:
        user_sessions.end_session(token)
        db.session.commit()
    forget_browser_session()


def sign_out_everywhere(user):
    """End every session of `user`, this browser's included. Commits."""
    user_sessions.end_all_sessions(user)
    db.session.commit()
    forget_browser_session()
