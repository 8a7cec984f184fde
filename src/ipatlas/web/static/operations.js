/* 知识产权运用 page: charts from the page's own JSON (the same data as /operations.json). */
(function () {
  "use strict";
  var PALETTE = ["#2f6fb0", "#e08a2c", "#3a9b6b", "#c24a4a", "#7d5ba6", "#8c6d3f", "#d267a9", "#6f7f8f"];
  function data() { var el = document.getElementById("ops-data"); return el ? JSON.parse(el.textContent) : null; }
  function make(id, d) {
    var el = document.getElementById(id);
    if (!el) return null;
    var c = echarts.init(el, null, { renderer: "canvas" });
    (window.ipatlas && window.ipatlas.charts || []).push(c);
    if (d.is_demo) c.setOption({ graphic: [{ type: "text", right: 8, bottom: 2, z: 100, style: { text: "演示数据", fill: "#b35c00", font: "bold 12px sans-serif" } }] });
    return c;
  }
  function tools(name) { return { right: 8, feature: { saveAsImage: { title: "下载 PNG", name: name, pixelRatio: 2, backgroundColor: "#fff" } } }; }
  function barAmount(id, d, rows, name) {
    var c = make(id, d); if (!c) return;
    c.setOption({ color: PALETTE, toolbox: tools(name), tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 110, right: 40, top: 30, bottom: 30 }, xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r.label; }).reverse(), axisLabel: { width: 100, overflow: "truncate" } },
      series: [{ name: "笔数", type: "bar", data: rows.map(function (r) { return r.n; }).reverse() },
               { name: "金额（万元）", type: "bar", data: rows.map(function (r) { return r.amount; }).reverse() }] });
  }
  function flows(id, d, f, name) {
    var c = make(id, d); if (!c) return;
    var pts = Object.keys(f.places).map(function (k) { return { name: f.places[k].name, value: f.places[k].coord }; });
    var max = f.lines.length ? f.lines[0][2] : 1;
    c.setOption({ toolbox: tools(name), tooltip: { trigger: "item", formatter: function (p) {
        return p.seriesType === "lines" ? p.data.source + " → " + p.data.target + "：" + p.data.count + " 次" : p.name; } },
      xAxis: { type: "value", scale: true, name: "经度", splitLine: { show: false } },
      yAxis: { type: "value", scale: true, name: "纬度", splitLine: { show: false } },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      series: [
        { type: "scatter", coordinateSystem: "cartesian2d", data: pts.map(function (p) { return { name: p.name, value: p.value }; }),
          symbolSize: 6, label: { show: pts.length <= 40, formatter: "{b}", fontSize: 10, position: "right" }, itemStyle: { color: "#2f6fb0" } },
        { type: "lines", coordinateSystem: "cartesian2d", polyline: false,
          data: f.lines.slice(0, 2000).map(function (l) { var a = f.places[l[0]], b = f.places[l[1]];
            return { coords: [a.coord, b.coord], source: a.name, target: b.name, count: l[2],
              lineStyle: { width: 1 + 4 * l[2] / max, opacity: 0.6, curveness: 0.2 } }; }),
          effect: { show: true, symbol: "arrow", symbolSize: 6, period: 6 }, lineStyle: { color: "#e08a2c" } }
      ] });
    c.on("finished", function () { document.body.setAttribute("data-" + id + "-ready", "1"); });
  }
  function network(id, d) {
    var c = make(id, d); if (!c) return;
    var nodes = {}, links = [];
    d.network.forEach(function (e) {
      nodes[e.source] = nodes[e.source] || { name: e.source, category: 0, symbolSize: 10 };
      nodes[e.target] = nodes[e.target] || { name: e.target, category: 1, symbolSize: 8 };
      nodes[e.source].symbolSize += 2;
      links.push({ source: e.source, target: e.target, value: e.n, label: e.kind === "licence" ? "许可" : "转让" });
    });
    c.setOption({ color: ["#c24a4a", "#2f6fb0"], toolbox: tools("高校科研院所到企业"), legend: { data: ["高校/科研院所", "企业"], top: 0 },
      tooltip: { formatter: function (p) { return p.dataType === "edge" ? p.data.source + " → " + p.data.target + "（" + p.data.label + " " + p.data.value + "）" : p.name; } },
      series: [{ type: "graph", layout: "force", roam: true, force: { repulsion: 60, edgeLength: 60 },
        categories: [{ name: "高校/科研院所" }, { name: "企业" }], data: Object.keys(nodes).map(function (k) { return nodes[k]; }),
        links: links, edgeSymbol: ["none", "arrow"], lineStyle: { opacity: 0.6 } }] });
  }
  function init() {
    var d = data(); if (!d) return;
    var yc = make("ops-pledge-years", d);
    if (yc) yc.setOption({ color: PALETTE, toolbox: tools("质押按年"), tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 50, right: 60, top: 40, bottom: 30 }, xAxis: { type: "category", data: d.pledges_by_year.map(function (r) { return String(r.year); }) },
      yAxis: [{ type: "value", name: "笔" }, { type: "value", name: "万元", splitLine: { show: false } }],
      series: [{ name: "质押登记笔数", type: "bar", data: d.pledges_by_year.map(function (r) { return r.n; }) },
               { name: "质押金额（万元）", type: "line", yAxisIndex: 1, data: d.pledges_by_year.map(function (r) { return r.amount; }) }] });
    barAmount("ops-pledge-banks", d, d.pledges_by_bank, "质押按银行");
    barAmount("ops-pledge-regions", d, d.pledges_by_region, "质押按地区");
    barAmount("ops-pledge-industry", d, d.pledges_by_industry, "质押按产业");
    flows("ops-flow-county", d, d.flows_county, "区县转让流向");
    flows("ops-flow-province", d, d.flows_province, "省际转让流向");
    network("ops-network", d);
    window.addEventListener("resize", function () { (window.ipatlas && window.ipatlas.charts || []).forEach(function (c) { c.resize(); }); });
    document.body.setAttribute("data-ops-ready", "1");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
