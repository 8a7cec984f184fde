"""CJK fonts for charts, maps and PDF output.

Reports must never show tofu boxes, so a missing CJK font is an error that says how to fix it,
not a silent fallback to DejaVu.
"""

from __future__ import annotations

import functools
import shutil
import subprocess

from ipatlas.errors import ConfigError

# Families in order of preference. Noto CJK comes from Debian `fonts-noto-cjk` (installed by the
# setup command); the Windows families are what Word/WPS users have and what DOCX names.
SANS_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")
SERIF_FAMILIES = ("Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC")

# Names written into DOCX (w:eastAsia): the fonts every Chinese Word/WPS installation has.
DOCX_BODY_FONT = "宋体"
DOCX_HEADING_FONT = "黑体"
DOCX_LATIN_FONT = "Times New Roman"

CSS_SERIF = ", ".join(f'"{f}"' for f in (*SERIF_FAMILIES, "宋体")) + ", serif"
CSS_SANS = ", ".join(f'"{f}"' for f in (*SANS_FAMILIES, "黑体")) + ", sans-serif"

INSTALL_HINT = "请安装中文字体（Debian：apt-get install fonts-noto-cjk；make test / make demo 会自动安装）"


@functools.cache
def matplotlib_family() -> str:
    """The CJK sans family matplotlib will use; raises ConfigError when none is installed."""
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    for family in SANS_FAMILIES:
        if family in available:
            return family
    raise ConfigError(f"未找到图表和地图所需的中文字体；{INSTALL_HINT}")


@functools.cache
def fontconfig_has_cjk() -> bool:
    """True when fontconfig (used by WeasyPrint/Pango) knows a Chinese font."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    try:
        out = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return bool(out.stdout.strip())


def require_pdf_fonts() -> None:
    if not fontconfig_has_cjk():
        raise ConfigError(f"fontconfig 中没有中文字体，PDF 中的汉字将显示为空框；{INSTALL_HINT}")


def setup_matplotlib() -> None:
    """Configure matplotlib (Agg backend, CJK font, print-friendly defaults). Idempotent."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    family = matplotlib_family()
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [family, "DejaVu Sans"],
            "axes.unicode_minus": False,  # CJK fonts lack U+2212; use the ASCII hyphen
            "svg.fonttype": "none",
            "pdf.fonttype": 42,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 10.5,
            "axes.labelsize": 9,
            "xtick.labelsize": 8,
            "ytick.labelsize": 8,
            "legend.fontsize": 8,
            "figure.dpi": 100,
        }
    )
