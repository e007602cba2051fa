"""Driving a page with the keyboard alone, as a person without a mouse would: Tab until the
wanted control has focus (checking on the way that every stop shows a focus ring), then
type, press Space, Enter or the arrow keys. No click, no fill, no check."""

MAX_TABS = 60

# The element that shows the focus: a visually hidden radio (the survey scale's .btn-check)
# shows it on its label.
FOCUS_RING = """() => {
  let element = document.activeElement;
  if (!element || element === document.body) return null;
  if (element.classList.contains("btn-check")) element = element.nextElementSibling;
  const style = getComputedStyle(element);
  return {
    name: element.getAttribute("aria-label") || element.textContent.trim().slice(0, 40) || element.name || element.id,
    outline: style.outlineStyle !== "none" ? parseFloat(style.outlineWidth) : 0,
  };
}"""


def focus_ring_width(page):
    """The focused element's outline width in px (0 without one), and a name to report it by."""
    ring = page.evaluate(FOCUS_RING)
    return (0, "nothing") if ring is None else (ring["outline"], ring["name"])


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, backwards=False):
    """Presses Tab (Shift+Tab) until `locator` has focus; every stop must show a ring of 2px or more."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        width, name = focus_ring_width(page)
        assert width >= 2, f"no visible focus ring on {name!r}"
        if is_focused(locator):
            return
    raise AssertionError(f"{locator} was not reached with {MAX_TABS} Tab presses")


def type_into(page, locator, text):
    tab_to(page, locator)
    page.keyboard.type(text)
