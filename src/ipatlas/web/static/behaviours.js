/* Behaviours that used to be inline event handlers, so that the Content-Security-Policy can
   forbid inline script (script-src 'self'):
   - data-autosubmit on a select/input: submit its form on change;
   - data-format-action="/reports/layout." on a form: action = prefix + the form's fmt value;
   - data-confirm="…" on a form: ask before submitting;
   - data-chart="trajectory" with a JSON <script type="application/json" data-for="ID">: the
     target trajectory chart of the plan-target page. */
(function () {
  "use strict";
  document.addEventListener("change", function (ev) {
    var el = ev.target;
    if (el && el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) {
      if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
    }
  });
  document.addEventListener("submit", function (ev) {
    var form = ev.target;
    if (!form || !form.getAttribute) return;
    var confirmText = form.getAttribute("data-confirm");
    if (confirmText && !window.confirm(confirmText)) { ev.preventDefault(); return; }
    var prefix = form.getAttribute("data-format-action");
    if (prefix && form.fmt) { form.action = prefix + form.fmt.value; }
  }, true);
  function trajectory() {
    var el = document.getElementById("target-trajectory");
    var src = document.getElementById("target-trajectory-data");
    if (!el || !src || !window.echarts) return;
    var data = JSON.parse(src.textContent);
    window.echarts.init(el).setOption({
      tooltip: {trigger: "axis"}, legend: {data: ["进度要求", "实际值"]},
      xAxis: {type: "category", data: data.years}, yAxis: {type: "value", scale: true},
      series: [{name: "进度要求", type: "line", data: data.required, lineStyle: {type: "dashed"}},
               {name: "实际值", type: "line", data: data.actual, connectNulls: false}]
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", trajectory); } else { trajectory(); }
})();

// 受理登记: the respondent region typed by name fills the hidden county code (protection/new.html).
(function () {
  function init() {
    var input = document.querySelector("[data-datalist-region]");
    var hidden = document.querySelector("input[name=respondent_region]");
    if (!input || !hidden) return;
    var codes = {};
    document.querySelectorAll("#regions option").forEach(function (o) { codes[o.value] = o.dataset.code; });
    function sync() { hidden.value = codes[input.value] || ""; }
    input.addEventListener("input", sync); input.addEventListener("change", sync); sync();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
