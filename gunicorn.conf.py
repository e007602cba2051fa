"""gunicorn's settings for Partnerloop. gunicorn reads ./gunicorn.conf.py from the directory
it starts in (or pass `-c path/to/gunicorn.conf.py`); command-line options still win.

Access-log lines mask link and API tokens (app/core/access_log.py). gunicorn writes no access
log unless asked: `--access-logfile -` sends it to standard output."""

logger_class = "app.core.access_log.TokenMaskingGunicornLogger"
