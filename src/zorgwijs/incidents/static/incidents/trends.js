// Incident trends: a stacked bar chart drawn from JSON embedded with json_script (CSP: no
// inline script). The same numbers are in the table below the chart.
(function () {
  const COLOURS = ["#1a5e8a", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#546e7a"];

  function draw() {
    const node = document.getElementById("zw-incident-trends");
    const canvas = document.getElementById("zw-incident-chart");
    if (!node || !canvas || typeof Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    const other = document.documentElement.lang === "en" ? "(none)" : "(geen)";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.months,
        datasets: data.rows.map((row, i) => ({
          label: row.label || other, data: row.values, backgroundColor: COLOURS[i % COLOURS.length],
        })),
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
