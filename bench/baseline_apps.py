"""The two yardsticks the survey submission is compared with, served by the same
gunicorn settings: a bare Flask endpoint, and one that inserts a row and commits.

    gunicorn 'bench.baseline_apps:bare_app()'
    DATABASE_URL=postgresql+psycopg://... gunicorn 'bench.baseline_apps:orm_app()'
"""

import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Integer, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BenchRow(db.Model):
    __tablename__ = "bench_rows"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[str] = mapped_column(String(100), nullable=False)
    created_at = mapped_column(DateTime, nullable=False, server_default=func.now())


def bare_app():
    """GET / returns a constant: the floor of Flask + gunicorn + HTTP."""
    app = Flask(__name__)

    @app.get("/")
    def constant():
        return "ok"

    return app


def orm_app(database_url=None):
    """POST /insert adds one row and commits: the floor of a write through Flask-SQLAlchemy."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = database_url or os.environ["DATABASE_URL"]
    db.init_app(app)

    @app.post("/insert")
    def insert():
        db.session.add(BenchRow(value="answer"))
        db.session.commit()
        return "ok"

    return app


def create_tables(database_url):
    """Create (empty) bench_rows before the workers start, so they never race to."""
    app = orm_app(database_url)
    with app.app_context():
        BenchRow.__table__.drop(db.engine, checkfirst=True)
        db.create_all()
        db.engine.dispose()


def count_rows(database_url):
    app = orm_app(database_url)
    with app.app_context():
        count = db.session.scalar(db.select(func.count(BenchRow.id)))
        db.engine.dispose()
        return count
