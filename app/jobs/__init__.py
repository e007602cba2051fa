"""Background jobs on a task queue (Huey) with the jobs table as the source of truth:
`submit()` in a request, `flask --app wsgi worker` to run them, the schedule, and the
jobs page (/jobs/) where staff follow their progress. See docs/jobs.md."""


def register_blueprints(app):
    from app.jobs import routes

    app.register_blueprint(routes.bp)


def init_app(app):
    from app.jobs.queue import init_queue

    init_queue(app)
