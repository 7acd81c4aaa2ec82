/* ASN Karier page behaviour. Everything works without it; it only improves. */
(function () {
  "use strict";

  // Charts: a <canvas data-grafik="ID" data-jenis="bar|doughnut"> reads its data from the
  // json_script element with that ID ({labels, data, judul}).
  function drawCharts(root) {
    if (typeof window.Chart === "undefined") { return; }
    root.querySelectorAll("canvas[data-grafik]").forEach(function (canvas) {
      if (canvas.dataset.digambar) { return; }
      var source = document.getElementById(canvas.dataset.grafik);
      if (!source) { return; }
      var d = JSON.parse(source.textContent);
      var jenis = canvas.dataset.jenis || "bar";
      var palette = ["#0b4f8a", "#2f80c2", "#5aa6dc", "#8cc6ec", "#f0a500", "#3d9970", "#b35c1e", "#7a5195", "#999999"];
      new window.Chart(canvas, {
        type: jenis,
        data: {
          labels: d.labels,
          datasets: [{ label: d.judul, data: d.data, backgroundColor: jenis === "bar" ? palette[0] : palette }]
        },
        options: {
          responsive: true,
          animation: false,
          maintainAspectRatio: false,
          plugins: { legend: { display: jenis !== "bar", position: "bottom" } },
          scales: jenis === "bar" ? { y: { beginAtZero: true, ticks: { precision: 0 } } } : {}
        }
      });
      canvas.dataset.digambar = "1";
    });
  }

  // Export links follow the filters currently in the form (htmx may have changed them).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-ekspor]");
    if (!link) { return; }
    var form = document.querySelector("form.filter-form");
    if (!form) { return; }
    var params = new URLSearchParams(new FormData(form));
    params.set("format", link.dataset.ekspor);
    link.href = link.href.split("?")[0] + "?" + params.toString();
  });

  document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { drawCharts(event.target); });
})();
