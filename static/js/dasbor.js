/* Dashboard charts with drill-down. A <canvas data-dasbor-grafik="ID"> reads its data from the
   json_script element with that ID: {judul, labels, data, tautan} for one series, or
   {labels, datasets: [{label, data, warna}], tautan, tumpuk} for stacked series; optional
   "jenis" (bar|doughnut), "horizontal" and "maks" (the value axis' maximum). Clicking a bar or a
   slice opens tautan[index], the filtered list behind it. The tables under the charts carry the
   same links, so everything works without this script. */
(function () {
  "use strict";

  var WARNA = ["#0b4f8a", "#2f80c2", "#5aa6dc", "#8cc6ec", "#f0a500", "#3d9970", "#b35c1e", "#7a5195", "#999999"];

  function gambar(canvas) {
    if (typeof window.Chart === "undefined" || canvas.dataset.digambar) { return; }
    var sumber = document.getElementById(canvas.dataset.dasborGrafik);
    if (!sumber) { return; }
    var d = JSON.parse(sumber.textContent);
    var jenis = d.jenis || "bar";
    var horizontal = jenis === "bar" && !!d.horizontal;
    var datasets = d.datasets ? d.datasets.map(function (s, i) {
      return { label: s.label, data: s.data, backgroundColor: s.warna || WARNA[i % WARNA.length] };
    }) : [{ label: d.judul, data: d.data, backgroundColor: jenis === "bar" ? WARNA[0] : WARNA }];
    if (horizontal) {
      // one bar per label: give the chart the room its labels need
      canvas.parentElement.style.height = Math.max(240, d.labels.length * 26 + 70) + "px";
      canvas.parentElement.style.maxHeight = "none";
    }
    var nilai = { beginAtZero: true, ticks: { precision: 0 }, stacked: !!d.tumpuk };
    if (d.maks) { nilai.max = d.maks; }
    var kategori = { stacked: !!d.tumpuk, ticks: { autoSkip: false } };
    new window.Chart(canvas, {
      type: jenis,
      data: { labels: d.labels, datasets: datasets },
      options: {
        responsive: true,
        animation: false,
        maintainAspectRatio: false,
        indexAxis: horizontal ? "y" : "x",
        plugins: { legend: { display: jenis !== "bar" || !!d.datasets, position: "bottom" } },
        scales: jenis === "bar" ? (horizontal ? { x: nilai, y: kategori } : { x: kategori, y: nilai }) : {},
        onHover: function (event, elements) {
          event.native.target.style.cursor = elements.length && d.tautan ? "pointer" : "default";
        },
        onClick: function (event, elements) {
          if (!elements.length || !d.tautan) { return; }
          var tujuan = d.tautan[elements[0].index];
          if (tujuan) { window.location.assign(tujuan); }
        }
      }
    });
    canvas.dataset.digambar = "1";
  }

  function semua(root) {
    root.querySelectorAll("canvas[data-dasbor-grafik]").forEach(gambar);
  }

  document.addEventListener("DOMContentLoaded", function () { semua(document); });
  document.addEventListener("htmx:afterSwap", function (event) { semua(event.target); });
})();
