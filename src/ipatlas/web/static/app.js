/* ipatlas front end: ECharts charts built from the page's own JSON (the same data as its .json twin). */
(function () {
  "use strict";
  var PALETTE = ["#2f6fb0", "#e08a2c", "#3a9b6b", "#c24a4a", "#7d5ba6", "#8c6d3f", "#d267a9", "#6f7f8f"];
  var CLASS_COLORS = ["#eef4fb", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b", "#041b3d", "#020d1e"];
  var charts = [];
  window.ipatlas = { charts: charts, ready: false };

  function pageData() {
    var el = document.getElementById("page-data");
    return el ? JSON.parse(el.textContent) : null;
  }
  function make(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var c = echarts.init(el, null, { renderer: "canvas" });
    charts.push(c);
    var d = pageData();
    if (d && d.is_demo) {
      // Demo data stay labelled in the chart itself, so also in its PNG download.
      c.setOption({ graphic: [{ type: "text", right: 8, bottom: 2, z: 100,
        style: { text: "演示数据", fill: "#b35c00", font: "bold 12px sans-serif" } }] });
    }
    return c;
  }
  function toolbox(name) {
    return { right: 8, feature: { saveAsImage: { title: "下载 PNG", name: name || "ipatlas-chart", pixelRatio: 2, backgroundColor: "#fff" } } };
  }
  function go(url) { if (url) window.location.href = url; }
  function fmt(v) { return v == null ? "—" : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 }); }
  function clickToLink(chart, rows) {
    chart.on("click", function (p) {
      var r = rows[p.dataIndex];
      if (r && r.link) go(r.link);
    });
  }
  function title(d, t) { return (d.is_demo ? "【演示数据】" : "") + t; }

  function pie(id, d, key) {
    var t = d.tables[key], c = make(id);
    if (!c || !t) return;
    c.setOption({
      color: PALETTE, toolbox: toolbox(t.title), tooltip: { trigger: "item", formatter: "{b}：{c} 件（{d}%）" },
      title: { text: title(d, ""), left: 4, top: 0, textStyle: { fontSize: 12, color: "#b35c00" } },
      series: [{ type: "pie", radius: ["35%", "68%"], data: t.rows.map(function (r) { return { name: r.label, value: r.n }; }),
        label: { formatter: "{b}\n{d}%" } }]
    });
    clickToLink(c, t.rows);
  }
  function bar(id, d, key, opts) {
    var t = d.tables[key], c = make(id);
    if (!c || !t) return;
    opts = opts || {};
    var rows = opts.reverse ? t.rows.slice().reverse() : t.rows;
    // Vertical bars: labels rotate and the overlapping ones are hidden; horizontal bars: one per row.
    var cat = { type: "category", data: rows.map(function (r) { return r.label; }),
      axisLabel: opts.horizontal ? { interval: 0, width: 130, overflow: "truncate" } : { rotate: 30, hideOverlap: true, width: 90, overflow: "truncate" } };
    var val = { type: "value", name: "件" };
    c.setOption({
      color: PALETTE, toolbox: toolbox(t.title), tooltip: { trigger: "axis" },
      grid: { left: opts.horizontal ? 150 : 50, right: 30, bottom: opts.horizontal ? 40 : 70, top: 30, containLabel: false },
      xAxis: opts.horizontal ? val : cat, yAxis: opts.horizontal ? cat : val,
      series: [{ type: "bar", data: rows.map(function (r) { return r.n; }), label: { show: true, position: opts.horizontal ? "right" : "top" } }]
    });
    c.on("click", function (p) { var r = rows[p.dataIndex]; if (r && r.link) go(r.link); });
  }
  function lines(id, d, key, xKey, cols, opts) {
    var t = d.tables[key], c = make(id);
    if (!c || !t) return;
    opts = opts || {};
    var labels = {};
    t.columns.forEach(function (col) { labels[col.key] = col.label; });
    cols = cols || t.columns.map(function (col) { return col.key; }).filter(function (k) { return k !== xKey; });
    var series = cols.map(function (k) {
      var growth = /_growth$/.test(k);
      return { name: labels[k], type: opts.stack ? "bar" : (growth ? "line" : (opts.bars ? "bar" : "line")), stack: opts.stack ? "s" : undefined,
        yAxisIndex: growth ? 1 : 0, smooth: !growth, data: t.rows.map(function (r) { return r[k]; }) };
    });
    var yAxis = [{ type: "value", name: opts.unit || "件" }];
    if (cols.some(function (k) { return /_growth$/.test(k); })) yAxis.push({ type: "value", name: "增长率(%)", splitLine: { show: false } });
    c.setOption({
      color: PALETTE, toolbox: toolbox(t.title), tooltip: { trigger: "axis" }, legend: { top: 0, left: 4, right: 60, type: "scroll" },
      grid: { left: 55, right: 55, bottom: 30, top: 50 },
      xAxis: { type: "category", data: t.rows.map(function (r) { return String(r[xKey]); }), axisLabel: { hideOverlap: true } }, yAxis: yAxis, series: series
    });
  }
  function sparks(root) {
    root = root || document;
    root.querySelectorAll(".spark[data-series-url]").forEach(function (el) {
      // Official indicators: the series comes from the cube, after the page is shown.
      fetch(el.getAttribute("data-series-url"), { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : []; }).then(function (rows) {
        var upto = Number(el.getAttribute("data-year"));
        var vals = rows.filter(function (r) { return r.year <= upto && r.year > upto - 10; }).map(function (r) { return r.value; });
        el.setAttribute("data-values", JSON.stringify(vals));
        drawSpark(el, vals);
      });
    });
    root.querySelectorAll(".spark[data-values]").forEach(function (el) {
      drawSpark(el, JSON.parse(el.getAttribute("data-values") || "[]"));
    });
  }
  function drawSpark(el, vals) {
    {
      var c = echarts.init(el); charts.push(c);
      c.setOption({ grid: { left: 2, right: 2, top: 4, bottom: 2 }, xAxis: { type: "category", show: false, data: vals.map(function (_, i) { return i; }) },
        yAxis: { type: "value", show: false, min: "dataMin" }, series: [{ type: "line", data: vals, symbol: "none", smooth: true, areaStyle: { opacity: 0.15 }, lineStyle: { width: 1.5 } }],
        color: ["#2f6fb0"] });
    }
  }

  // ---- map ----------------------------------------------------------------------------------
  var mapChart = null, mapState = null, mapGeo = null;
  // Units drawn for completeness (台湾省、香港、澳门: no records) and the boundary lines (南海断续线).
  function mapExtras(geo) {
    return ((geo && geo.features) || []).filter(function (f) { return f.properties.level === "line" || f.properties.no_data; })
      .map(function (f) {
        return f.properties.level === "line"
          ? { name: f.properties.code, value: null, silent: true, itemStyle: { borderColor: "#4d4d4d", borderWidth: 1.2, areaColor: "transparent" }, label: { show: false } }
          : { name: f.properties.code, value: null, extraName: f.properties.name, itemStyle: { areaColor: "#e6e6e6" } };
      });
  }
  function mapOption(d) {
    var names = {}, byCode = {};
    d.items.forEach(function (i) { names[i.code] = i.name; byCode[i.code] = i; });
    var bins = d.classes.bins || [], pieces = [], lower = d.classes.min;
    bins.forEach(function (b, idx) {
      pieces.push({ min: idx === 0 ? lower : bins[idx - 1], max: b, label: d.classes.labels[idx], color: CLASS_COLORS[Math.min(idx + 1, CLASS_COLORS.length - 1)] });
    });
    var lisa = d.layer === "lisa" && d.lisa && d.lisa.available;
    var LISA_COLORS = { "高-高集聚": "#d7301f", "低-低集聚": "#2b8cbe", "低-高异常": "#a6bddb", "高-低异常": "#fc8d59", "不显著": "#eeeeee", "无邻居": "#cccccc" };
    if (lisa) {
      pieces = Object.keys(LISA_COLORS).map(function (k) { return { value: k, label: k, color: LISA_COLORS[k] }; });
    }
    return {
      title: { text: (d.is_demo ? "【演示数据】" : "") + d.map_region_name + " " + d.year + " 年" + d.measure_name + (lisa ? "（热点/冷点）" : ""), left: 8, top: 6, textStyle: { fontSize: 15 } },
      toolbox: toolbox(d.map_region_name + d.year + d.measure_name),
      tooltip: { trigger: "item", formatter: function (p) {
        var i = byCode[p.name]; return i ? (i.name + "<br>" + d.measure_name + "：" + fmt(i.value) + " " + d.unit + "<br>排名：" + (i.rank || "—") + (i.lisa ? "<br>LISA：" + i.lisa : "")) : ((p.data && p.data.extraName) ? p.data.extraName + "<br>资源库暂无该地区数据" : ""); } },
      visualMap: pieces.length ? { type: "piecewise", pieces: pieces, left: 10, bottom: 10, textStyle: { fontSize: 11 }, show: true } : undefined,
      series: [{ type: "map", map: "ipatlas-" + d.map_region, nameProperty: "code", roam: true, selectedMode: false,
        label: { show: d.items.length <= 60, fontSize: 10, formatter: function (p) { return names[p.name] || (p.data && p.data.extraName) || ""; } },
        itemStyle: { borderColor: "#fff", borderWidth: 0.8, areaColor: "#eee" },
        emphasis: { label: { show: true }, itemStyle: { areaColor: "#f6c343" } },
        data: d.items.map(function (i) {
          var style = i.code === d.focus ? { borderColor: "#d9480f", borderWidth: 2.5 } : {};
          if (lisa) style.areaColor = LISA_COLORS[i.lisa] || "#eeeeee";
          return { name: i.code, value: lisa ? (i.lisa || "不显著") : i.value, itemStyle: style };
        }).concat(mapExtras(mapGeo)) }]
    };
  }
  function renderMapTable(d) {
    var tb = document.querySelector("#map-table tbody");
    if (!tb) return;
    tb.innerHTML = "";
    d.tables.values.rows.forEach(function (r) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-code", r.code);
      if (r.code === d.focus) tr.className = "focus";
      var name = r.drill ? '<a href="' + r.drill + '">' + r.name + "</a>" : r.name;
      var val = r.link ? '<a href="' + r.link + '">' + fmt(r.value) + "</a>" : fmt(r.value);
      tr.innerHTML = "<td>" + (r.rank || "—") + "</td><td>" + name + '</td><td class="num">' + val + "</td><td>" + (d.layer === "lisa" ? (r.lisa || "") : (r["class"] != null ? d.classes.labels[r["class"]] : "")) + "</td>";
      tb.appendChild(tr);
    });
    document.getElementById("table-title").textContent = d.tables.values.title;
    document.getElementById("map-title").textContent = d.map_region_name + " · " + d.year + " 年 · " + d.measure_name;
  }
  function mapPage(d) {
    mapChart = make("chart-map");
    if (!mapChart || !d.geo_url) return;
    mapState = d;
    fetch(d.geo_url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("地图边界加载失败 " + r.status);
      return r.json();
    }).then(function (geo) {
      mapGeo = geo;
      echarts.registerMap("ipatlas-" + d.map_region, geo);
      mapChart.on("finished", function () { document.body.setAttribute("data-map-ready", "1"); });
      mapChart.setOption(mapOption(d));
      mapChart.on("click", function (p) {
        var i = mapState.items.filter(function (x) { return x.code === p.name; })[0];
        if (!i) return;
        go(i.drill || i.link);
      });
    }).catch(function (e) {
      document.getElementById("chart-map").innerHTML = '<div class="error">' + e.message + "</div>";
    });
    var slider = document.getElementById("year-slider"), out = document.getElementById("year-out");
    if (slider) {
      slider.addEventListener("input", function () { out.textContent = slider.value; });
      slider.addEventListener("change", function () {
        var form = document.getElementById("map-controls");
        var qs = new URLSearchParams(new FormData(form)).toString();
        document.body.removeAttribute("data-map-ready");
        fetch("/map.json?" + qs, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (nd) {
          mapState = nd;
          mapChart.setOption(mapOption(nd), { replaceMerge: ["series", "visualMap"] });
          renderMapTable(nd);
          history.replaceState(null, "", "/map?" + qs);
          document.querySelectorAll("#map-downloads a").forEach(function (a) {
            a.href = a.href.replace(/year=\d+/, "year=" + nd.year);
          });
          document.body.setAttribute("data-map-ready", "1");
        });
      });
    }
  }

  function heat(id, d, key) {
    var t = d.tables[key], el = document.getElementById(id);
    if (!el || !t) return;
    // Units without any record have no quotient: leave them out of the heat map.
    var rows = t.rows.filter(function (r) { return t.columns.slice(1).some(function (s) { return r[s.key] != null; }); });
    el.style.height = Math.max(320, rows.length * 26 + 170) + "px";
    var c = make(id);
    var secs = t.columns.slice(1), data = [], max = 0;
    t = { title: t.title, columns: t.columns, rows: rows };
    t.rows.forEach(function (r, y) {
      secs.forEach(function (s, x) { var v = r[s.key]; if (v != null) { data.push([x, y, v]); max = Math.max(max, v); } });
    });
    // The colour scale is clipped at the 95th percentile (at least 2) so that one outlier does not wash
    // out the rest; higher quotients take the darkest colour, the tooltip shows the true value.
    var sorted = data.map(function (v) { return v[2]; }).sort(function (a, b) { return a - b; });
    var p95 = sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(0.95 * (sorted.length - 1)))] : 2;
    var cap = Math.max(2, Math.round(p95 * 100) / 100);
    var note = document.getElementById(id + "-scale");
    if (!note) {
      note = document.createElement("p");
      note.id = id + "-scale";
      note.className = "muted small";
      el.parentNode.insertBefore(note, el.nextSibling);
    }
    note.textContent = "色阶截断：区位熵（LQ）色阶上限取全部取值的第 95 百分位（" + cap.toFixed(2) + "，不低于 2），高于上限的按最深色显示；悬停显示实际值（保留两位小数）。" + (max > cap ? "最大值 " + max.toFixed(2) + "。" : "");
    c.setOption({
      toolbox: toolbox(t.title), tooltip: { formatter: function (p) { return t.rows[p.value[1]].name + " · " + secs[p.value[0]].label + "<br>区位熵 LQ = " + Number(p.value[2]).toFixed(2); } },
      grid: { left: 130, right: 40, top: 20, bottom: 130 },
      xAxis: { type: "category", data: secs.map(function (s) { return s.label; }), axisLabel: { rotate: 30, interval: 0, width: 110, overflow: "truncate" } },
      yAxis: { type: "category", data: t.rows.map(function (r) { return r.name; }) },
      visualMap: { min: 0, max: cap, calculable: true, precision: 2, text: ["≥ " + cap.toFixed(2), "0"], orient: "horizontal", left: "center", bottom: 0, inRange: { color: ["#f7fbff", "#6baed6", "#08306b"] } },
      series: [{ type: "heatmap", data: data, label: { show: t.rows.length <= 20, fontSize: 10, formatter: function (p) { return Number(p.value[2]).toFixed(2); } } }]
    });
  }

  // ---- region picker (名称 / 拼音 / 首字母) ------------------------------------------------------
  function regionPickers() {
    document.querySelectorAll("[data-region-picker]").forEach(function (box) {
      var input = box.querySelector(".rp-input"), hidden = box.querySelector(".rp-value"), list = box.querySelector(".rp-list");
      if (!input || !hidden || !list) return;  // not a picker box of the macro
      var groups = Array.prototype.slice.call(list.querySelectorAll("li[data-group]")).map(function (li) { return { code: li.getAttribute("data-code"), label: li.firstChild.textContent }; });
      var timer = null, seq = 0;
      function choose(code, label) {
        hidden.value = code; input.value = label; list.hidden = true;
        box.dispatchEvent(new CustomEvent("region-picked", { bubbles: true, detail: { code: code } }));
      }
      function show(items) {
        list.innerHTML = "";
        items.forEach(function (h, i) {
          var li = document.createElement("li");
          li.setAttribute("role", "option"); li.setAttribute("data-code", h.code);
          if (i === 0) li.setAttribute("aria-selected", "true");
          li.textContent = h.label;
          var small = document.createElement("small"); small.textContent = h.level_label || "区域组"; li.appendChild(small);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(h.code, h.name || h.label); });
          list.appendChild(li);
        });
        list.hidden = items.length === 0;
      }
      input.addEventListener("input", function () {
        var q = input.value.trim();
        hidden.value = /^(\d{6}|G:.+)$/.test(q) ? q : "";
        clearTimeout(timer);
        if (!q) { show([]); return; }
        timer = setTimeout(function () {
          var mine = ++seq;
          fetch("/api/regions/search?" + new URLSearchParams({ q: q, under: box.getAttribute("data-under") || "", limit: "12" }), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : []; }).then(function (hits) {
              if (mine !== seq) return;
              var g = groups.filter(function (x) { return x.label.indexOf(q) >= 0; });
              show(g.concat(hits));
              box.setAttribute("data-results", String(g.length + hits.length));
            });
        }, 120);
      });
      input.addEventListener("keydown", function (e) {
        var items = Array.prototype.slice.call(list.querySelectorAll("li")), cur = items.findIndex(function (li) { return li.getAttribute("aria-selected") === "true"; });
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          if (!items.length) return;
          if (cur >= 0) items[cur].removeAttribute("aria-selected");
          cur = (cur + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
          items[cur].setAttribute("aria-selected", "true");
        } else if (e.key === "Enter" && !list.hidden && cur >= 0) {
          e.preventDefault();
          var li = items[cur];
          choose(li.getAttribute("data-code"), li.firstChild.textContent.replace(/（.*$/, ""));
        } else if (e.key === "Escape") { list.hidden = true; }
      });
      input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 150); });
      var start = input.value.trim();
      if (/^\d{6}$/.test(start)) {
        // A code given by the page: show its name.
        hidden.value = start;
        fetch("/api/regions/search?" + new URLSearchParams({ q: start, limit: "1" }), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : []; }).then(function (hits) {
            if (hits.length && hits[0].code === start && input.value.trim() === start) input.value = hits[0].name;
          });
      }
    });
    // A picker in the page selector navigates at once.
    document.querySelectorAll("form.selector [data-region-picker]").forEach(function (box) {
      box.addEventListener("region-picked", function (e) {
        var form = box.closest("form"), sel = form.querySelector("select[name=region]");
        if (sel) {
          var opt = document.createElement("option"); opt.value = e.detail.code; sel.appendChild(opt); sel.value = e.detail.code;
        }
        form.submit();
      });
    });
  }

  // ---- paged tables (long tables show page by page; all rows stay in the XLSX/CSV download) -------
  function pagedTables() {
    document.querySelectorAll(".tablewrap.paged").forEach(function (wrap) {
      var size = Number(wrap.getAttribute("data-page-size")) || 50;
      var rows = Array.prototype.slice.call(wrap.querySelectorAll("tbody > tr"));
      var pages = Math.ceil(rows.length / size), page = 0;
      var bar = document.createElement("div");
      bar.className = "pager tablepager";
      var prev = document.createElement("button"), next = document.createElement("button"), info = document.createElement("span");
      prev.type = next.type = "button"; prev.textContent = "上一页"; next.textContent = "下一页";
      bar.appendChild(prev); bar.appendChild(info); bar.appendChild(next);
      wrap.parentNode.insertBefore(bar, wrap.nextSibling);
      function draw() {
        rows.forEach(function (r, i) { r.hidden = Math.floor(i / size) !== page; });
        info.textContent = "第 " + (page + 1) + " / " + pages + " 页，共 " + rows.length + " 行";
        prev.disabled = page === 0; next.disabled = page >= pages - 1;
      }
      prev.addEventListener("click", function () { if (page > 0) { page--; draw(); } });
      next.addEventListener("click", function () { if (page < pages - 1) { page++; draw(); } });
      draw();
    });
  }

  // ---- background export (后台导出): start, poll the progress, then offer the file -------------
  function csrfToken() {
    var m = document.querySelector("meta[name=csrf-token]") || document.querySelector("input[name=csrf_token]");
    return m ? (m.getAttribute("content") || m.value) : "";
  }
  function exportJobs() {
    document.body.addEventListener("click", function (e) {
      var btn = e.target.closest ? e.target.closest("[data-export-job]") : null;
      if (!btn) return;
      var out = btn.parentNode.querySelector(".export-progress");
      btn.disabled = true;
      out.textContent = "正在准备导出…";
      fetch(btn.getAttribute("data-export-job"), { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": csrfToken() } })
        .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.message || ("导出失败 " + r.status)); return j; }); })
        .then(function poll(job) {
          if (job.status === "已完成") {
            out.innerHTML = "";
            var a = document.createElement("a");
            a.href = job.download; a.textContent = "下载" + job.title + "（" + job.format.toUpperCase() + "，" + job.total.toLocaleString("zh-CN") + " 条）"; a.setAttribute("data-role", "export-ready");
            out.appendChild(a); btn.disabled = false;
            return;
          }
          if (job.status === "失败") { out.textContent = job.error || "导出失败"; btn.disabled = false; return; }
          var bar = out.querySelector("progress"), label = out.querySelector(".export-label");
          if (!bar) {
            out.textContent = "";
            bar = document.createElement("progress"); bar.max = 100; bar.setAttribute("data-role", "export-bar");
            label = document.createElement("span"); label.className = "export-label";
            out.appendChild(bar); out.appendChild(label);
          }
          bar.value = job.percent;
          label.textContent = " " + job.status + " " + job.percent + "%（" + job.done.toLocaleString("zh-CN") + " / " + job.total.toLocaleString("zh-CN") + " 条）";
          setTimeout(function () {
            fetch("/export/jobs/" + job.id + ".json", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(poll);
          }, 700);
        })
        .catch(function (err) { out.textContent = err.message; btn.disabled = false; });
    });
  }

  function init() {
    exportJobs();
    regionPickers();
    pagedTables();
    var d = pageData();
    var page = (document.querySelector("[data-nav].active") || {}).getAttribute ? document.querySelector("[data-nav].active").getAttribute("data-nav") : null;
    if (d && d.tables) {
      if (page === "dashboard") {
        sparks();
        lines("chart-trend", d, "trend", "year");
      } else if (page === "resources") {
        pie("chart-kind", d, "by_kind");
        pie("chart-applicant-type", d, "by_applicant_type");
        bar("chart-ipc", d, "by_ipc_section");
        bar("chart-status", d, "by_status");
        bar("chart-top", d, "top_applicants", { horizontal: true, reverse: true });
        lines("chart-structure", d, "structure", "year", null, { stack: true });
      } else if (page === "monitor") {
        var m = d.measure;
        lines("chart-series", d, "series", "year", [m, m + "_growth"]);
        if (d.tables.comparison && d.tables.comparison.rows.length) {
          var t = d.tables.comparison, yrs = t.columns.map(function (c) { return c.key; }).filter(function (k) { return /^\d{4}$/.test(k); });
          var c = make("chart-comparison");
          if (c) c.setOption({ color: PALETTE, toolbox: toolbox(t.title), tooltip: { trigger: "axis" }, legend: { type: "scroll", top: 0 },
            grid: { left: 55, right: 30, top: 50, bottom: 30 }, xAxis: { type: "category", data: yrs }, yAxis: { type: "value", name: "件" },
            series: t.rows.map(function (r) { return { name: r.name, type: "line", data: yrs.map(function (y) { return r[y]; }) }; }) });
        }
      } else if (page === "map") {
        mapPage(d);
      } else if (page === "evaluation" && d.available) {
        var ct = d.tables.composite, ce = document.getElementById("chart-composite");
        if (ce) ce.style.height = Math.max(320, ct.rows.length * 20 + 90) + "px";
        var cc = make("chart-composite");
        if (cc) {
          var rows = ct.rows.slice().reverse();
          cc.setOption({ color: PALETTE, toolbox: toolbox(ct.title), tooltip: { trigger: "axis" }, legend: { top: 0 },
            grid: { left: 130, right: 40, top: 40, bottom: 30 }, xAxis: { type: "value", max: 100 },
            yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
            series: d.aggregates.map(function (a, i) { return { name: a.label, type: i === 0 ? "bar" : "scatter", data: rows.map(function (r) { return r[a.key]; }) }; }) });
        }
      } else if (page === "industry") {
        heat("chart-lq", d, "lq");
        if (d.tables.composition) bar("chart-composition", d, "composition", { horizontal: true, reverse: true });
      }
    }
    // Fragments loaded by htmx (总览's official indicators) draw their own sparklines.
    document.body.addEventListener("htmx:afterSwap", function (e) {
      sparks(e.target);
      if (e.target.id === "official-indicators") document.body.setAttribute("data-indicators-ready", "1");
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    window.ipatlas.ready = true;
    document.body.setAttribute("data-ready", "1");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
