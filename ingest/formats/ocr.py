"""Offline OCR for scanned pages and images, through an optional engine.

The engine is RapidOCR (``rapidocr-onnxruntime``, Apache-2.0): PaddleOCR's PP-OCRv4 Chinese
and English detection and recognition models in ONNX form, shipped inside the wheel, so nothing
is downloaded when it runs. It is the ``ocr`` extra (with OpenCV it weighs about 100 MB); without
it a file that needs OCR is reported with ``NEEDS_OCR`` and skipped rather than indexed empty.

Usage::

    engine = get_ocr_engine()          # None when the extra is not installed
    lines = image_lines(engine, Image.open("scan.png"), page=1)
"""

from __future__ import annotations

import importlib.util
import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from ingest.formats.layout import TextLine
from ingest.formats.tables import join_lines

if TYPE_CHECKING:
    from PIL.Image import Image

NEEDS_OCR = "no text layer, needs OCR (install with: pip install 'auditprep[ocr]')"
MIN_CONFIDENCE = 0.5  # the recogniser's score; below it the "text" is usually a stamp or a smudge


@dataclass(frozen=True)
class OcrBox:
    """A recognised line: its text and its box in image pixels."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float


class OcrEngine(Protocol):
    """Recognises the text lines of one image. Must work offline."""

    def recognise(self, image: Image) -> list[OcrBox]: ...


class RapidOcrEngine:
    """RapidOCR with the models its wheel carries."""

    def __init__(self) -> None:
        from rapidocr_onnxruntime import RapidOCR

        # RapidOCR's own logger announces every call on stderr; our report says what matters.
        logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        self._ocr: Any = RapidOCR()

    def recognise(self, image: Image) -> list[OcrBox]:
        result, _ = self._ocr(image.convert("RGB"))
        boxes: list[OcrBox] = []
        for points, text, score in result or []:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            boxes.append(OcrBox(str(text), min(xs), min(ys), max(xs), max(ys), float(score)))
        return boxes


log = logging.getLogger(__name__)

# A recogniser reads spaced or wide-set Chinese as separate glyphs and may put a space between
# them ("会 议 纪 要", "须在 5 个工作日内"); Chinese text has no spaces, so a gap with a Chinese
# character (or Chinese punctuation) on one side and a Chinese character or a digit on the other
# is closed. Gaps between Latin words ("ISO 9001", "NC-2025-01 open") are kept.
_CJK_SIDE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60"
_OCR_GAP = re.compile(
    rf"(?<=[{_CJK_SIDE}])[ \t\u3000]+(?=[{_CJK_SIDE}0-9０-９])"
    rf"|(?<=[0-9０-９])[ \t\u3000]+(?=[{_CJK_SIDE}])"
)


def close_cjk_gaps(text: str) -> str:
    """``text`` without the spaces OCR puts inside Chinese words and between a number and its
    Chinese unit ("3 个工作日" -> "3个工作日"); spaces between Latin words stay."""
    return _OCR_GAP.sub("", text).strip()


@cache
def get_ocr_engine() -> OcrEngine | None:
    """The installed OCR engine, loaded once; None when the ``ocr`` extra is missing or cannot
    load (OpenCV needs libGL on a bare machine: the reason is logged once)."""
    try:
        if importlib.util.find_spec("rapidocr_onnxruntime") is None:
            return None
        return RapidOcrEngine()
    except (ImportError, OSError, ValueError) as e:
        log.warning("the OCR engine is installed but cannot load (%s); scanned pages are skipped", e)
        return None


def image_lines(engine: OcrEngine, image: Image, page: int) -> list[TextLine]:
    """OCR one page image into lines in reading order. The recogniser returns pieces of lines;
    pieces whose vertical centres fall within half a line height of each other are one line,
    read left to right. A line's box height stands in for its type size."""
    boxes = sorted(
        (b for b in engine.recognise(image) if b.score >= MIN_CONFIDENCE and b.text.strip()),
        key=lambda b: (b.top + b.bottom) / 2,
    )
    rows: list[list[OcrBox]] = []
    for box in boxes:
        centre = (box.top + box.bottom) / 2
        if rows:
            last = rows[-1]
            last_centre = sum((b.top + b.bottom) / 2 for b in last) / len(last)
            height = sum(b.bottom - b.top for b in last) / len(last)
            if abs(centre - last_centre) <= height / 2:
                last.append(box)
                continue
        rows.append([box])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        lines.append(
            TextLine(
                text=close_cjk_gaps(join_lines([b.text.strip() for b in row])),
                page=page,
                top=min(b.top for b in row),
                bottom=max(b.bottom for b in row),
                x0=min(b.x0 for b in row),
                x1=max(b.x1 for b in row),
                size=sum(b.bottom - b.top for b in row) / len(row),
                page_height=float(image.height),
                measured=False,
            )
        )
    return lines
