/* The dashboard chart: admissions per month against the same month a year earlier.
   Data comes from the page through json_script; no inline script (CSP). */
(function () {
  "use strict";
  var source = document.getElementById("admissions-data");
  var canvas = document.getElementById("admissions-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var number = new Intl.NumberFormat("vi-VN");
  var datasets = [
    { type: "bar", label: "Kết nạp", data: data.current, backgroundColor: "#b71c1c", yAxisID: "y" },
    { type: "bar", label: "Cùng kỳ năm trước", data: data.previous, backgroundColor: "#cfd8dc", yAxisID: "y" },
    { type: "line", label: "Lũy kế", data: data.cumulative, borderColor: "#0b57d0", pointRadius: 0, yAxisID: "y2" }
  ];
  if (data.target && data.target.length) {
    // The target line: from 0 at the period's start to the target at its end (same axis as the running total).
    datasets.push({ type: "line", label: data.target_label, data: data.target, borderColor: "#2e7d32", borderDash: [6, 4], pointRadius: 0, yAxisID: "y2" });
  }
  new Chart(canvas, {
    type: "bar",
    data: { labels: data.labels, datasets: datasets },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Trong tháng" } },
        y2: { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, title: { display: true, text: "Lũy kế" } }
      },
      plugins: {
        tooltip: { callbacks: { label: function (c) { return c.dataset.label + ": " + number.format(c.parsed.y); } } }
      }
    }
  });
})();
