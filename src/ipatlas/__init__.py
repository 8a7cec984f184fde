"""ipatlas — 知识产权布局信息平台 (regional intellectual-property layout platform).

Data flows regions → ingest → store → indicators → evaluate → web/reports.
The core packages never import ``ipatlas.web`` or ``ipatlas.cli``.
"""

__version__ = "0.1.0"

DEMO_LABEL = "演示数据"
