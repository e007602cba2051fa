// Keyboard and screen-reader help on every page (issue #17, docs/accessibility.md). A file,
// not inline script: the CSP forbids inline scripts. Everything here is an extra; the pages
// work without it.
(function () {
  // After a failed submit the page comes back with errors: focus goes to the first field in
  // error (its error is read with it through aria-describedby), or to the form's own error
  // message when no single field is at fault.
  function focusFirstError() {
    var error = document.querySelector(".invalid-feedback[id]");
    var target = error && document.querySelector('[aria-describedby~="' + error.id + '"]');
    if (target && target.tagName === "FIELDSET") {
      target = target.querySelector("input:checked, input, select, textarea") || target;
    }
    if (!target && !error) target = document.querySelector(".js-form-errors");
    if (!target && error) target = error.parentElement.querySelector("input, select, textarea");
    if (target) target.focus();
  }

  // A table wider than its scroller can be scrolled with the keyboard only if the scroller
  // takes focus; it gets tabindex (and a name) only while it actually scrolls, so wide screens
  // have no extra tab stops.
  function makeScrollersReachable() {
    document.querySelectorAll(".table-responsive").forEach(function (scroller) {
      var scrolls = scroller.scrollWidth > scroller.clientWidth + 1;
      if (scrolls && !scroller.hasAttribute("tabindex")) {
        var caption = scroller.querySelector("caption");
        scroller.setAttribute("tabindex", "0");
        scroller.setAttribute("role", "region");
        scroller.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table, scrolls sideways");
      } else if (!scrolls && scroller.getAttribute("tabindex") === "0") {
        ["tabindex", "role", "aria-label"].forEach(function (name) { scroller.removeAttribute(name); });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("[autofocus]")) focusFirstError();
    makeScrollersReachable();
    window.addEventListener("resize", makeScrollersReachable);
    // A closed <details> holds its table at width 0: measure again once it opens.
    document.querySelectorAll("details").forEach(function (details) {
      details.addEventListener("toggle", makeScrollersReachable);
    });
  });
})();
