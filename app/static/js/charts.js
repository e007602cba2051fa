// Draws the plotly figures of the page. Figures come as JSON in data-figure attributes (the
// CSP forbids inline scripts); the tables beside them carry the same numbers.
//
// plotly.js (330 KB compressed) is asked for only once the page is parsed and its stylesheets
// are in (a deferred script runs then): requested with the page, it shared a slow line with
// the stylesheet and held the tables back. Its hashed URL comes in this script's data-plotly
// attribute. A chart is drawn when it comes near the screen: on a phone most start below it,
// and drawing all at once kept the main thread busy.
(function () {
  var plotlyUrl = document.currentScript.dataset.plotly;

  function draw(element) {
    if (element.dataset.drawn) return;
    element.dataset.drawn = "1";
    var figure = JSON.parse(element.dataset.figure);
    // No mode bar: its buttons would sit inside the chart's role="img" (a screen reader
    // hears the image's text alternative, never the buttons), and the table beside each
    // chart and the page's CSV export give the numbers a zoom or a picture would.
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      displayModeBar: false,
      responsive: true,
    });
  }

  function drawNearTheScreen(charts) {
    if (!("IntersectionObserver" in window)) {
      charts.forEach(draw);
      return;
    }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          draw(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    charts.forEach(function (element) { observer.observe(element); });
    window.addEventListener("beforeprint", function () { charts.forEach(draw); });
  }

  function loadPlotly(charts) {
    var script = document.createElement("script");
    script.src = plotlyUrl;
    script.onload = function () {
      performance.mark("plotly-ready"); // bench/pages.py waits for it
      drawNearTheScreen(charts);
    };
    document.head.appendChild(script);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll(".js-chart");
    if (charts.length) loadPlotly(charts);
  });
})();
