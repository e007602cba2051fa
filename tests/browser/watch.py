"""Watching a Playwright page for what a person would call broken."""

TIMEOUT_MS = 10_000


class PageProblems:
    """What went wrong in the browser while a test ran."""

    def __init__(self):
        self.problems = []

    def watch(self, page):
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("response", self._on_response)
        page.set_default_timeout(TIMEOUT_MS)
        return page

    def _on_console(self, message):
        # Failed loads are judged in _on_response, where the kind of resource is known.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _on_response(self, response):
        # Error pages (404, 422 forms) are legitimate documents; a broken asset is not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.problems.append(f"{response.status} for {response.request.resource_type} {response.url}")
