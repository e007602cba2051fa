"""Partnerloop: a multi-tenant feedback portal for partner ecosystems."""

import gc
import importlib
import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import config_from_env


def create_app(config_class=None):
    """Build the Flask app. `config_class` defaults to the one PARTNERLOOP_ENV names."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object((config_class or config_from_env())())
    os.makedirs(app.instance_path, exist_ok=True)
    register_extensions(app)
    register_assets(app)
    register_converters(app)
    register_template_helpers(app)
    register_blueprints(app)
    register_request_hooks(app)
    register_errorhandlers(app)
    register_commands(app)
    register_background_work(app)
    return app


def freeze_startup_heap():
    """Put every object alive now (modules, the app, its mappers and templates) out of
    the cyclic garbage collector's reach, as the servers' entry point does once. A full
    collection walks every tracked object: with the app loaded that took 150-220 ms,
    every few requests, and was the dashboards' p95 (docs/benchmarks.md)."""
    gc.collect()
    gc.freeze()


def register_extensions(app):
    from app import models  # noqa: F401  (registers every table on the metadata)
    from app.extensions import bootstrap, csrf, db, enable_sqlite_integrity, limiter, login_manager, migrate
    from app.tenancy.scope import install_listeners

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, os.pardir, "migrations"))
    login_manager.init_app(app)
    csrf.init_app(app)
    bootstrap.init_app(app)
    limiter.init_app(app)
    install_listeners()
    with app.app_context():
        enable_sqlite_integrity(db.engine)
    if app.config["PROXY_FIX_HOPS"]:
        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_assets(app):
    from app.assets import register

    register(app)


def register_converters(app):
    from app.core.routing import register_converters as register

    register(app)


def register_template_helpers(app):
    from app.core.timezones import register as register_time_zones

    register_time_zones(app)


FEATURES_WITH_PAGES = (
    "auth", "tenants", "partners", "feedback", "insights", "ideas", "home", "mail", "api", "integrations",
    "surveys", "followups", "imports", "actions", "audit", "analysis", "jobs",
)


def register_blueprints(app):
    # Each feature package registers its own blueprints (its routes.py defines them).
    for feature in FEATURES_WITH_PAGES:
        importlib.import_module(f"app.{feature}").register_blueprints(app)


def register_request_hooks(app):
    from app.audit.services import install_audit_trail
    from app.core.list_filters import install_ignored_filters
    from app.core.permissions import install_access_check
    from app.core.read_only_requests import install_read_only_commit
    from app.core.security import add_security_headers, install_request_limits
    from app.tenancy.request import install_request_scope

    install_request_limits(app)
    install_request_scope(app)
    install_access_check(app)  # after the request scope: it reads the acting membership
    app.after_request(add_security_headers)
    install_audit_trail(app)
    install_read_only_commit(app)
    install_ignored_filters(app)


def register_errorhandlers(app):
    from app.core.error_pages import register

    register(app)


def register_commands(app):
    from app.tenancy import rls

    # Each feature's cli.py adds its `flask <group>` commands.
    for feature in ("tenants", "demo", "mail", "integrations", "analysis", "insights", "jobs"):
        importlib.import_module(f"app.{feature}.cli").register(app)
    rls.register(app)


def register_background_work(app):
    from app.jobs import init_app as init_jobs
    from app.mail.sender import start_in_process_sender

    init_jobs(app)
    # Only the serving process (scripts/run.sh sets PARTNERLOOP_SERVE) runs the
    # sender thread, not every `flask db ...` command.
    if app.config["OUTBOX_IN_PROCESS"] and os.environ.get("PARTNERLOOP_SERVE") == "1":
        start_in_process_sender(app)
