// The monitor's chart: lines per quarter drawn from JSON embedded with json_script (CSP: no
// inline script). A suppressed quarter is a gap in the line; the tables below hold the same
// numbers, with an x where a cell is suppressed.
(function () {
  const COLOURS = ["#1a5e8a", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"];

  function draw() {
    const node = document.getElementById("zw-monitor-data");
    const canvas = document.getElementById("zw-monitor-chart");
    if (!node || !canvas || typeof Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: data.lines.map((line, i) => ({
          label: line.label, data: line.values, borderColor: COLOURS[i % COLOURS.length],
          backgroundColor: COLOURS[i % COLOURS.length], borderWidth: i === 0 ? 3 : 1.5,
          pointRadius: 2, spanGaps: false,
        })),
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => data.percent ? v + "%" : v } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
