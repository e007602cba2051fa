// Draws every plotly figure on the page. Figures come as JSON in data-figure
// attributes (the CSP forbids inline scripts); tables beside them carry the numbers.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".js-chart").forEach(function (element) {
    var figure = JSON.parse(element.dataset.figure);
    window.Plotly.newPlot(element, figure.data, figure.layout, {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ["select2d", "lasso2d"],
    });
  });
});
