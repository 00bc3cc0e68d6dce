// Kenniskaart: known (projects) against asked (needs and "ik ook") per theme, drawn from JSON
// embedded with json_script (CSP: no inline script). The table below holds the same numbers.
(function () {
  function draw() {
    const node = document.getElementById("zw-needs-map");
    const canvas = document.getElementById("zw-needs-chart");
    if (!node || !canvas || typeof Chart === "undefined") return;
    const data = JSON.parse(node.textContent);
    canvas.parentElement.style.height = Math.max(240, data.labels.length * 34 + 80) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.knownLabel, data: data.known, backgroundColor: "#1a5e8a" },
          { label: data.askedLabel, data: data.asked, backgroundColor: "#c25700" },
        ],
      },
      options: {
        animation: false, indexAxis: "y", maintainAspectRatio: false,
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0 } },
          // Long theme names would push the bars off a phone screen: shorten them there (the
          // table below has them in full).
          y: { ticks: { callback(value) {
            const label = this.getLabelForValue(value);
            return canvas.clientWidth < 600 && label.length > 22 ? label.slice(0, 21) + "…" : label;
          } } },
        },
      },
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
