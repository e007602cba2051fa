"""WSGI entry point: `gunicorn wsgi:app` or `flask --app wsgi ...`."""

from app import create_app, freeze_startup_heap
from app.core.access_log import mask_tokens_in_werkzeug_log

mask_tokens_in_werkzeug_log()  # `flask --app wsgi run`: the development server's access log
app = create_app()
freeze_startup_heap()
