"""The browser fixtures' error watch really catches what it promises to."""

import pytest

from tests.browser.watch import PageProblems

pytestmark = pytest.mark.browser


@pytest.fixture
def watched(browser, live_url):
    problems = PageProblems()
    context = browser.new_context(base_url=live_url)
    page = problems.watch(context.new_page())
    page.goto("/login")
    yield page, problems
    context.close()


def test_an_inline_script_is_blocked_by_csp_and_reported(watched):
    page, problems = watched
    page.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.inlineRan = true';
        document.body.append(script);
    }""")
    page.wait_for_timeout(100)

    assert page.evaluate("() => window.inlineRan") is None
    assert any("Content Security Policy" in problem for problem in problems.problems), problems.problems


def test_an_uncaught_script_error_is_reported(watched):
    page, problems = watched
    page.evaluate("() => { setTimeout(() => { throw new Error('boom') }) }")
    page.wait_for_timeout(100)

    assert any("boom" in problem for problem in problems.problems), problems.problems


def test_a_missing_asset_is_reported(watched):
    page, problems = watched
    with page.expect_response("**/static/missing.png"):
        page.evaluate("""() => {
            const image = document.createElement('img');
            image.src = '/static/missing.png';
            document.body.append(image);
        }""")

    assert any("404 for image" in problem for problem in problems.problems), problems.problems
