"""Export formats (the real exports' column layouts) of the demo files, from the importer's profiles.

Column names come from ``ipatlas/ingest/profiles/<table>/<name>.yaml``; every label written
for a mapped value (kind, legal status, applicant type, …) is checked against the profile's
value map when the layout is loaded, so the demo files always speak the importer's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import yaml

from ipatlas.demo import model as m
from ipatlas.demo import text as tx
from ipatlas.errors import ConfigError

PROFILE_DIR = Path(__file__).resolve().parents[1] / "ingest" / "profiles"
FIRST_DAY = m.day(1984, 1, 1)
LAST_DAY = m.day(2060, 12, 31)


@functools.lru_cache(maxsize=16)
def load_profile(table: str, name: str) -> dict[str, Any]:
    path = PROFILE_DIR / table / f"{name}.yaml"
    if not path.exists():
        raise ConfigError(f"找不到导入字段映射 {path}", path=str(path))
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


@functools.lru_cache(maxsize=16)
def date_strings(fmt: str) -> pa.Array:
    return tx.date_strings(FIRST_DAY, LAST_DAY, fmt)


def format_dates(days: np.ndarray, fmt: str, show: np.ndarray | None = None) -> pa.Array:
    """Day numbers as strings in ``fmt``; null where the day is missing (< 0) or hidden."""
    days = np.asarray(days, dtype=np.int64)
    ok = (days >= FIRST_DAY) & (days <= LAST_DAY)
    if show is not None:
        ok &= show
    return tx.lookup(date_strings(fmt), np.where(ok, days - FIRST_DAY, 0), ok)


# ---- patent layouts -----------------------------------------------------------------------------

Labels = dict[int, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class PatentLayout:
    name: str
    sep: str
    app_prefix: str
    ipc_space: bool
    kind_labels: tuple[str, str, str, str]  # invention (not granted), invention granted, utility, design
    status_labels: Labels  # by model.ST_* (abandonment before grant uses 'withdrawn' below)
    withdrawn_labels: tuple[tuple[str, float], ...]
    type_labels: tuple[tuple[str, ...], ...]  # by applicant type code; one picked at random
    optional: tuple[str, ...] = ()
    columns: dict[str, str] = field(default_factory=dict)  # canonical field → column

    @property
    def profile(self) -> dict[str, Any]:
        return load_profile("patents", self.name)


_STD = PatentLayout(
    name="standard",
    sep=";",
    app_prefix="",
    ipc_space=True,
    kind_labels=("发明", "发明", "实用新型", "外观设计"),
    status_labels={
        m.ST_PENDING: (("实质审查", 0.7), ("公开", 0.3)),
        m.ST_VALID: (("有效", 0.9), ("专利权维持", 0.1)),
        m.ST_LAPSED: (("未缴年费", 0.75), ("权利终止", 0.25)),
        m.ST_EXPIRED: (("期限届满", 1.0),),
        m.ST_INVALIDATED: (("全部无效", 1.0),),
        m.ST_ABANDONED: (("放弃", 0.7), ("避重放弃", 0.3)),
        m.ST_REJECTED: (("驳回", 1.0),),
    },
    withdrawn_labels=(("视为撤回", 0.8), ("撤回", 0.2)),
    type_labels=(("企业",), ("大专院校",), ("科研单位",), ("机关团体",), ("个人",)),
    optional=("applicant_type", "pledged", "awarded"),
)
_INCOPAT = PatentLayout(
    name="incopat",
    sep="; ",
    app_prefix="CN",
    ipc_space=False,
    kind_labels=("发明申请", "发明授权", "实用新型", "外观设计"),
    status_labels={
        m.ST_PENDING: (("审中", 0.5), ("实质审查", 0.4), ("公开", 0.1)),
        m.ST_VALID: (("有效", 0.8), ("授权", 0.2)),
        m.ST_LAPSED: (("未缴年费", 0.6), ("权利终止", 0.4)),
        m.ST_EXPIRED: (("期限届满", 1.0),),
        m.ST_INVALIDATED: (("全部无效", 1.0),),
        m.ST_ABANDONED: (("放弃", 1.0),),
        m.ST_REJECTED: (("驳回", 1.0),),
    },
    withdrawn_labels=(("撤回", 1.0),),
    type_labels=(("企业",), ("大专院校",), ("科研单位",), ("机关团体",), ("个人",)),
    optional=("applicant_type",),
)
_PATSNAP = PatentLayout(
    name="patsnap",
    sep=" | ",
    app_prefix="CN",
    ipc_space=False,
    kind_labels=("发明申请", "授权发明", "实用新型", "外观设计"),
    status_labels={
        m.ST_PENDING: (("实质审查", 0.7), ("公开", 0.3)),
        m.ST_VALID: (("授权", 0.7), ("有效", 0.3)),
        m.ST_LAPSED: (("未缴年费", 0.7), ("权利终止", 0.3)),
        m.ST_EXPIRED: (("期限届满", 1.0),),
        m.ST_INVALIDATED: (("全部无效", 1.0),),
        m.ST_ABANDONED: (("放弃", 0.6), ("避重放弃", 0.4)),
        m.ST_REJECTED: (("驳回", 1.0),),
    },
    withdrawn_labels=(("撤回", 1.0),),
    type_labels=(("公司", "企业"), ("院校/研究所",), ("院校/研究所",), ("政府机构",), ("个人",)),
    optional=("applicant_type",),
)
PATENT_LAYOUTS = {x.name: x for x in (_STD, _INCOPAT, _PATSNAP)}
LAYOUT_WEIGHTS = {"standard": 0.60, "incopat": 0.25, "patsnap": 0.15}

# Unpublished utility models and designs still under examination (rare in exports).
_PENDING_UNPUBLISHED = "审中"
# Labels every layout's value map knows. A record exported by two tools gets these, so that
# both exports map to the same canonical content (same record hash → a true duplicate).
COMMON_STATUS = {
    m.ST_PENDING: "实质审查",
    m.ST_VALID: "有效",
    m.ST_LAPSED: "未缴年费",
    m.ST_EXPIRED: "期限届满",
    m.ST_INVALIDATED: "全部无效",
    m.ST_ABANDONED: "放弃",
    m.ST_REJECTED: "驳回",
}
COMMON_WITHDRAWN = "撤回"


def patent_columns(layout: PatentLayout) -> list[tuple[str, str]]:
    """(column, canonical field) in file order: the profile's columns, then optional ones."""
    prof = layout.profile
    cols = [(str(c), str(f)) for c, f in prof["columns"].items()]
    opt = prof.get("optional_columns") or {}
    cols += [(str(c), str(f)) for c, f in opt.items() if f in layout.optional]
    return cols


def check_layout(layout: PatentLayout) -> None:
    """Every label this layout writes must be a key of the profile's value maps."""
    prof = layout.profile
    vm = prof.get("value_maps") or {}
    fields = {f for _, f in patent_columns(layout)}
    problems: list[str] = []

    def need(fld: str, labels: list[str]) -> None:
        keys = {str(k) for k in (vm.get(fld) or {})}
        problems.extend(f"{fld}={lab}" for lab in labels if lab not in keys)

    need("kind", list(layout.kind_labels))
    status = [lab for opts in layout.status_labels.values() for lab, _ in opts]
    need(
        "legal_status",
        [
            *status,
            *(lab for lab, _ in layout.withdrawn_labels),
            _PENDING_UNPUBLISHED,
            *COMMON_STATUS.values(),
            COMMON_WITHDRAWN,
        ],
    )
    if "applicant_type" in fields:
        need("applicant_type", [lab for opts in layout.type_labels for lab in opts])
    for flag in ("pledged", "awarded"):
        if flag in fields:
            need(flag, ["是", "否"])
    required = {"app_no", "kind", "filing_date", "legal_status", "applicants", "title"}
    missing = required - fields
    if problems or missing:
        raise ConfigError(
            f"演示数据版式 {layout.name} 与导入字段映射不一致: "
            + ", ".join(problems + [f"缺少字段 {x}" for x in sorted(missing)])
        )


def _pick(rng: np.random.Generator, options: tuple[tuple[str, float], ...], n: int) -> pa.Array:
    labels = [o[0] for o in options]
    w = np.array([o[1] for o in options], dtype=np.float64)
    return tx.lookup(labels, rng.choice(len(labels), size=n, p=w / w.sum()))


def app_no_strings(number: np.ndarray, width: np.ndarray, check: pa.Array, prefix: str) -> pa.Array:
    digits = tx.where(width == 12, tx.num(number, 12), tx.num(number, 8))
    return tx.join(prefix or None, digits, ".", check) if prefix else tx.join(digits, ".", check)


def format_patents(
    b: Any,
    layout: PatentLayout,
    rng: np.random.Generator,
    export_day: int,
    date_fmt: str | None,
) -> pa.Table:
    """Rows of ``b`` (a :class:`ipatlas.demo.patents.Batch`) in ``layout``.

    ``date_fmt`` None keeps dates as Arrow date32 (for real date cells in XLSX)."""
    from ipatlas.demo.patents import check_char, check_digits

    n = len(b)
    kind = np.asarray(b["kind"], dtype=np.int64)
    grant = np.asarray(b["grant"])
    granted = (grant >= 0) & (grant <= export_day)
    status = np.asarray(b["status"])
    pub = np.asarray(b["pub"])

    def dates(days: np.ndarray, show: np.ndarray | None = None) -> pa.Array:
        shown = (np.asarray(days) >= 0) & (np.asarray(days) <= export_day)
        if show is not None:
            shown &= show
        if date_fmt is None:
            arr = pa.array(np.where(shown, days, 0).astype(np.int32), pa.date32())
            return pc.if_else(pa.array(shown), arr, pa.scalar(None, pa.date32()))
        return format_dates(days, date_fmt, shown)

    check = check_char(check_digits(b["number"], b["width"]))
    app_no = app_no_strings(b["number"], b["width"], check, layout.app_prefix)

    kind_idx = np.where(kind == m.INVENTION, np.where(granted, 1, 0), kind + 1)
    kind_lab = tx.lookup(list(layout.kind_labels), kind_idx)

    overlap = np.asarray(b["overlap"], dtype=bool)
    status_lab = _status_labels(layout, rng, status, kind, granted, overlap)

    sep = layout.sep
    alt_sep = np.zeros(n, dtype=bool)
    if layout.name == "standard":
        alt_sep = rng.random(n) < 0.1  # some exports use the full-width separator

    def joined(*parts: pa.Array) -> pa.Array:
        a = tx.join(*parts, sep=sep)
        if alt_sep.any():
            a = tx.where(alt_sep, tx.join(*parts, sep="；"), a)
        return a

    def ipc(a: pa.Array) -> pa.Array:
        return a if layout.ipc_space else pc.replace_substring(a, " ", "")

    type_lab = _applicant_type_labels(layout, rng, np.asarray(b["atype"], dtype=np.int64), overlap)

    claims = np.asarray(b["claims"])
    values: dict[str, pa.Array] = {
        "app_no": app_no,
        "filing_date": dates(b["filing"]),
        "pub_no": pc.if_else(
            pa.array((pub >= 0) & (pub <= export_day)), b["pub_no"], pa.scalar(None, pa.string())
        ),
        "pub_date": dates(pub),
        "grant_date": dates(grant, granted),
        "kind": kind_lab,
        "title": b["title"],
        "abstract": b["abstract"],
        "applicants": joined(b["applicant1"], b["applicant2"]),
        "inventors": joined(*(b[f"inv{i}"] for i in range(8))),
        "address": b["address"],
        "postcode": b["postcode"],
        "ipc_main": ipc(b["ipc_main"]),
        "ipcs": joined(*(ipc(b[k]) for k in ("ipc_main", "ipc2", "ipc3", "ipc4"))),
        "agency": b["agency"],
        "legal_status": status_lab,
        "status_date": dates(b["sdate"]),
        "pct_app_no": b["pct_app"],
        "pct_pub_no": b["pct_pub"],
        "claims": pc.if_else(
            pa.array(claims >= 0), pa.array(claims, pa.int64()), pa.scalar(None, pa.int64())
        ),
        "cited_by": pa.array(np.asarray(b["cited"]), pa.int64()),
        "family_countries": pa.array(np.asarray(b["family"]), pa.int64()),
        "applicant_type": type_lab,
        # Only the standard layout has these; for re-exported records "否" would differ from
        # the other export's "unknown", so those rows leave it blank unless it is "是".
        "pledged": _flag(np.asarray(b["pledged"]), overlap),
        "awarded": _flag(np.asarray(b["awarded"]), overlap),
    }
    cols = patent_columns(layout)
    table = pa.table({c: values[f] for c, f in cols})
    return table


def _status_labels(
    layout: PatentLayout,
    rng: np.random.Generator,
    status: np.ndarray,
    kind: np.ndarray,
    granted: np.ndarray,
    overlap: np.ndarray,
) -> pa.Array:
    """The legal-status label of each row in ``layout`` (draws from ``rng`` per status code)."""
    n = len(status)
    status_lab = tx.null_strings(n)
    for code, opts in layout.status_labels.items():
        sel = status == code
        if sel.any():
            status_lab = tx.where(sel, _pick(rng, opts, n), status_lab)
    withdrawn = (status == m.ST_ABANDONED) & ~granted
    if withdrawn.any():
        status_lab = tx.where(withdrawn, _pick(rng, layout.withdrawn_labels, n), status_lab)
    if overlap.any():
        common = tx.lookup([COMMON_STATUS[k] for k in range(len(COMMON_STATUS))], status.astype(np.int64))
        common = tx.where(withdrawn, COMMON_WITHDRAWN, common)
        status_lab = tx.where(overlap, common, status_lab)
    unpublished = (status == m.ST_PENDING) & (kind != m.INVENTION)
    if unpublished.any():
        status_lab = tx.where(unpublished, _PENDING_UNPUBLISHED, status_lab)

    return status_lab


def _applicant_type_labels(
    layout: PatentLayout, rng: np.random.Generator, atype: np.ndarray, overlap: np.ndarray
) -> pa.Array:
    """The applicant-type label of each row in ``layout`` (draws from ``rng`` per type code)."""
    n = len(atype)
    type_lab = tx.null_strings(n)
    for code, names in enumerate(layout.type_labels):
        sel = atype == code
        if sel.any():
            type_lab = tx.where(sel, tx.lookup(list(names), rng.integers(0, len(names), n)), type_lab)
    if layout.name == "patsnap":
        # PatSnap lumps institutes with universities; a re-exported record leaves the type to
        # the importer's name rule (研究院/科学院 → institute), as the other exports say.
        type_lab = pc.if_else(pa.array(overlap & (atype == 2)), pa.scalar(None, pa.string()), type_lab)

    return type_lab


def _flag(value: np.ndarray, blank_if_false: np.ndarray) -> pa.Array:
    out = tx.where(value, "是", "否")
    return pc.if_else(pa.array(blank_if_false & ~value), pa.scalar(None, pa.string()), out)


# ---- writers ------------------------------------------------------------------------------------


# column → (row mask, replacement values for the masked rows, in row order)
Overrides = dict[str, tuple[np.ndarray, list[Any]]]


def _quote(value: str) -> str:
    if any(ch in value for ch in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


class CsvOut:
    """A CSV export written in chunks: UTF-8 (with or without BOM) or GB18030 with CRLF."""

    def __init__(self, path: Path, columns: list[str], encoding: str) -> None:
        self.path = path
        self.encoding = encoding
        self.rows = 0
        self.fh = path.open("wb")
        self.eol = "\r\n" if encoding == "gb18030" else "\n"
        header = ",".join(_quote(c) for c in columns) + self.eol
        if encoding == "utf-8-sig":
            self.fh.write(b"\xef\xbb\xbf")
        self.fh.write(self._encode(header.encode("utf-8")))
        self.options = pacsv.WriteOptions(include_header=False, quoting_style="needed", eol=self.eol)

    def _encode(self, data: bytes) -> bytes:
        if self.encoding == "gb18030":
            return data.decode("utf-8").encode("gb18030")
        return data

    def write(self, table: pa.Table, overrides: Overrides | None = None) -> None:
        if not table.num_rows:
            return
        for col, (mask, vals) in (overrides or {}).items():
            i = table.schema.get_field_index(col)
            column = table.column(i).combine_chunks()
            if not pa.types.is_string(column.type):
                column = column.cast(pa.string())
            column = pc.replace_with_mask(column, pa.array(mask), pa.array(vals, pa.string()))
            table = table.set_column(i, col, column)
        buf = io.BytesIO()
        pacsv.write_csv(table, buf, self.options)
        self.fh.write(self._encode(buf.getvalue()))
        self.rows += table.num_rows

    def close(self) -> None:
        self.fh.close()


class XlsxOut:
    """An XLSX export (one sheet) with real date cells, streamed as SpreadsheetML.

    Written directly (inline strings, a date style) rather than through openpyxl, which is
    ~20× slower; fixed ZIP timestamps make the same data give byte-identical files."""

    def __init__(self, path: Path, columns: list[str], sheet: str = "Sheet1") -> None:
        self.path = path
        self.rows = 0
        self.sheet = sheet
        self.ncols = len(columns)
        self.letters = [_col_letter(i) for i in range(len(columns))]
        self.tmp = path.with_name(path.name + ".sheet.xml")
        self.fh = self.tmp.open("w", encoding="utf-8")
        self.fh.write(
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            "<sheetData>"
        )
        self._row([_xml_str(c) for c in columns], 1)

    def _row(self, cells: list[str | None], r: int) -> None:
        parts = [f'<row r="{r}">']
        for letter, cell in zip(self.letters, cells, strict=True):
            if cell is not None:
                parts.append(cell.replace("@", f"{letter}{r}", 1))
        parts.append("</row>")
        self.fh.write("".join(parts))

    def write(self, table: pa.Table, overrides: Overrides | None = None) -> None:
        cols: list[list[str | None]] = []
        for i in range(table.num_columns):
            typ = table.schema.field(i).type
            values = table.column(i).to_pylist()
            if pa.types.is_date(typ):
                cells = [
                    None if v is None else f'<c r="@" s="1"><v>{(v - _EXCEL_EPOCH).days}</v></c>'
                    for v in values
                ]
            elif pa.types.is_integer(typ) or pa.types.is_floating(typ):
                cells = [None if v is None else f'<c r="@"><v>{v}</v></c>' for v in values]
            else:
                cells = [None if v is None else _xml_str(v) for v in values]
            cols.append(cells)
        for col, (mask, vals) in (overrides or {}).items():
            cells = cols[table.schema.get_field_index(col)]
            for r, v in zip(np.flatnonzero(mask).tolist(), vals, strict=True):
                cells[r] = None if v in (None, "") else _xml_str(str(v))
        for r in range(table.num_rows):
            self._row([c[r] for c in cols], self.rows + r + 2)
        self.rows += table.num_rows

    def close(self) -> None:
        import zipfile

        self.fh.write("</sheetData></worksheet>")
        self.fh.close()
        files = {
            "[Content_Types].xml": _XLSX_CONTENT_TYPES,
            "_rels/.rels": _XLSX_RELS,
            "xl/workbook.xml": _XLSX_WORKBOOK.replace("SHEET", _xml_escape(self.sheet)),
            "xl/_rels/workbook.xml.rels": _XLSX_WORKBOOK_RELS,
            "xl/styles.xml": _XLSX_STYLES,
        }
        with zipfile.ZipFile(self.path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in files.items():
                z.writestr(zipfile.ZipInfo(name, date_time=_ZIP_TIME), text)
            info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as dst, self.tmp.open("rb") as src:
                for block in iter(lambda: src.read(1 << 20), b""):
                    dst.write(block)
        self.tmp.unlink()


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_ZIP_TIME = (2025, 12, 31, 0, 0, 0)


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _xml_str(text: str) -> str:
    return f'<c r="@" t="inlineStr"><is><t xml:space="preserve">{_xml_escape(text)}</t></is></c>'


_XLSX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_XLSX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_XLSX_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="SHEET" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_XLSX_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_XLSX_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
