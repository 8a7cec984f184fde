// 线索池 county map (market/leads.html): kept out of the page so the CSP can forbid inline script.
(function () {
  var el = document.getElementById("chart-leads-map");
  var d = JSON.parse(document.getElementById("leads-data").textContent);
  if (!el || typeof echarts === "undefined") return;
  if (!d.regions.length) { el.innerHTML = '<p class="muted">（无可上图的线索）</p>'; el.style.height = "auto"; document.body.setAttribute("data-leads-map", "1"); return; }
  fetch(d.geo_url, { credentials: "same-origin" }).then(function (r) {
    if (!r.ok) throw new Error("地图边界加载失败 " + r.status);
    return r.json();
  }).then(function (geo) {
    echarts.registerMap("market-leads", geo);
    var chart = echarts.init(el);
    var max = Math.max.apply(null, d.regions.map(function (r) { return r.value; }));
    chart.on("finished", function () { document.body.setAttribute("data-leads-map", "1"); });
    chart.setOption({
      tooltip: { trigger: "item", formatter: function (p) { return (p.data && p.data.label || p.name) + "：" + (p.value || 0) + " 条"; } },
      visualMap: { min: 0, max: max, left: 4, bottom: 4, text: ["多", "少"], calculable: false, inRange: { color: ["#eef4fb", "#08519c"] } },
      series: [{ type: "map", map: "market-leads", nameProperty: "code", roam: true,
        data: d.regions.map(function (r) { return { name: r.code, value: r.value, label: r.name }; }) }]
    });
    chart.on("click", function (p) { if (p.name) window.location.href = "/market/leads?adcode=" + p.name; });
    window.addEventListener("resize", function () { chart.resize(); });
  }).catch(function (e) { el.innerHTML = '<div class="error">' + e.message + "</div>"; document.body.setAttribute("data-leads-map", "1"); });
})();
