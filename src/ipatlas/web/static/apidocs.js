/* Starts Swagger UI (local npm assets) on /api/docs. */
(function () {
  "use strict";
  var el = document.getElementById("swagger-ui");
  if (!window.SwaggerUIBundle) {
    el.textContent = "接口文档资源未安装：请运行 scripts/install-assets.sh。机器可读的接口说明见 /api/openapi.json。";
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: el.getAttribute("data-openapi-url"), dom_id: "#swagger-ui", deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis], layout: "BaseLayout"
  });
})();
