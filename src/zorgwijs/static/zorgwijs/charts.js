// Draw the dashboard charts from JSON embedded with json_script (no inline script: CSP).
function zwData(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : null;
}

function zwCharts() {
  if (typeof Chart === "undefined") return;
  const bar = zwData("zw-bar-data");
  const barCanvas = document.getElementById("zw-bar");
  if (bar && barCanvas) {
    barCanvas.parentElement.style.height = Math.max(160, bar.labels.length * 28 + 60) + "px";
    new Chart(barCanvas, {
      type: "bar",
      data: { labels: bar.labels, datasets: [{ label: "% bekwaam", data: bar.values, backgroundColor: "#1a5e8a" }] },
      options: { animation: false, indexAxis: "y", maintainAspectRatio: false, scales: { x: { min: 0, max: 100 } },
                 plugins: { legend: { display: false } } },
    });
  }
  const trend = zwData("zw-trend-data");
  const trendCanvas = document.getElementById("zw-trend");
  if (trend && trendCanvas) {
    new Chart(trendCanvas, {
      type: "line",
      data: { labels: trend.map((p) => p.day),
              datasets: [{ label: "% bekwaam", data: trend.map((p) => p.percent), borderColor: "#1a5e8a", pointRadius: 0 }] },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } }, plugins: { legend: { display: false } } },
    });
  }
}

document.addEventListener("DOMContentLoaded", zwCharts);
