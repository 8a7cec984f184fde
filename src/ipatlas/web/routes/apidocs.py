"""接口文档 (/api/docs): Swagger UI from the locally installed npm package (works offline on an intranet;
no inline script, so a strict Content-Security-Policy holds)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse

from ipatlas.store.models import UserPublic
from ipatlas.web.context import viewer

router = APIRouter()

PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>接口文档 · 知识产权资源布局信息平台</title>
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
<link rel="icon" href="/static/vendor/swagger-ui/favicon-32x32.png"></head>
<body><div id="swagger-ui" data-openapi-url="/api/openapi.json">
<noscript>接口文档需要浏览器启用 JavaScript；机器可读的接口说明见 /api/openapi.json。</noscript></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/apidocs.js"></script>
</body></html>"""


@router.get("/api/docs", include_in_schema=False)
def api_docs(user: UserPublic = Depends(viewer)) -> HTMLResponse:
    return HTMLResponse(PAGE)
