"""Reading unit × indicator tables (wide: one row per unit, one column per variable)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ipatlas.errors import EvaluationError, InputError, cause, require_file
from ipatlas.evaluate.framework import Framework

ID_COLUMNS = ("uCode", "ucode", "code", "unit", "id", "region_code", "adcode", "单位代码", "代码")
NAME_COLUMNS = ("uName", "uname", "name", "unit_name", "region_name", "名称", "单位名称")


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def frame_sha256(df: pd.DataFrame) -> str:
    """Content hash of a frame (index, columns and values), independent of dtype details."""
    payload = df.to_csv(float_format="%.12g", lineterminator="\n").encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def read_units_csv(path: str | Path, *, id_column: str | None = None) -> pd.DataFrame:
    """Read a wide CSV; the unit id column (``uCode``, ``code``, … or the first column) becomes the index."""
    path = Path(path)
    require_file(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        raise InputError("文件为空", file=str(path)) from None
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"无法读取为 UTF-8 CSV：{cause(exc)}", file=str(path)) from None
    if df.empty or len(df.columns) < 2:
        raise InputError("文件至少需要一列单位代码和一列数据", file=str(path))
    if id_column is None:
        id_column = next((c for c in ID_COLUMNS if c in df.columns), df.columns[0])
    elif id_column not in df.columns:
        raise InputError(f"找不到单位代码列 {id_column}", file=str(path), field=id_column)
    ids = df[id_column].astype(str).str.strip()
    for i, v in enumerate(ids):
        if not v:
            raise InputError("单位代码为空", file=str(path), row=i + 2, field=id_column)
    dup = ids[ids.duplicated()]
    if len(dup):
        i = int(dup.index[0])
        raise InputError(f"单位代码 {dup.iloc[0]} 重复", file=str(path), row=i + 2, field=id_column)
    df = df.drop(columns=[id_column])
    df.index = pd.Index(ids.to_list(), name="unit")
    df = df.replace("", None)
    return df


def numeric_columns(df: pd.DataFrame, columns: list[str], *, file: str | None = None) -> pd.DataFrame:
    """Convert the given columns to float, naming the first bad cell (file, row, field) on failure."""
    out = df.copy()
    for c in columns:
        if c not in out.columns:
            raise InputError("缺少该列", file=file, field=c)
        raw = out[c]
        conv = pd.to_numeric(raw, errors="coerce")
        bad = conv.isna() & raw.notna()
        if bad.any():
            pos = int(bad.to_numpy().nonzero()[0][0])
            raise InputError(f"值 {raw.iloc[pos]!r} 不是数字（缺失请留空）", file=file, row=pos + 2, field=c)
        out[c] = conv.astype(float)
    return out


def load_composite_inputs(data_path: str | Path, meta_path: str | Path) -> tuple[pd.DataFrame, Framework]:
    """Read a COINr-style ``iData``/``iMeta`` pair, validate both, convert numeric columns."""
    fw = Framework.load(meta_path)
    data = read_units_csv(data_path)
    numeric = fw.indicators + fw.denominators
    missing = [c for c in numeric + fw.groups if c not in data.columns]
    if missing:
        raise EvaluationError(
            f"数据文件 {data_path} 缺少框架中定义的列：{', '.join(missing[:20])}"
            + ("…" if len(missing) > 20 else "")
            + "；请在数据中补充这些列或从框架中删除对应行",
            file=str(data_path),
        )
    data = numeric_columns(data, numeric, file=str(data_path))
    return data, fw


def unit_names(data: pd.DataFrame) -> pd.Series:
    for c in NAME_COLUMNS:
        if c in data.columns:
            return data[c].astype(object).where(data[c].notna(), None)
    return pd.Series([None] * len(data), index=data.index, dtype=object)
