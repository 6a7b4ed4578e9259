"""Guards on the text that goes into and comes out of a writer.

Documents are data: a passage sentence that addresses an AI model ("ignore previous
instructions") is never shown to a model as text to follow nor counted as support. Writers
mark their sources as ``[n]``; ``strip_markers`` reads those marks back.
"""

from __future__ import annotations

import re

_MARKER_RE = re.compile(
    r"\s*(?:\[\s*(?:passage|source|片段|来源|文档)?\s*(\d+(?:\s*[,，、;；]\s*\d+)*)\s*\]"
    r"|【\s*(\d+(?:\s*[,，、]\s*\d+)*)\s*】)",
    re.IGNORECASE,
)

# Text that addresses an AI assistant instead of informing a reader. Documents are data: such
# sentences are never shown as answers and never count as support.
_INSTRUCTION_RES = (
    re.compile(
        r"\b(?:ignore|disregard|forget|override)\b[^.!?\n]{0,40}\b(?:previous|prior|above|earlier|all|any)\b"
        r"[^.!?\n]{0,30}\b(?:instructions?|prompts?|rules|directions)\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:you are now|act as|pretend to be|new instructions?:|system prompt)\b", re.IGNORECASE),
    re.compile(r"(?:忽略|无视|忘记|忘掉|不要理会|不用理会)[^。！？\n]{0,20}(?:指令|指示|提示词?|要求|规则|设定)"),
    re.compile(r"(?:你现在是|你现在扮演|系统提示词?|新的指令)"),
)


def is_instruction_like(text: str) -> bool:
    """True when ``text`` tries to instruct an AI model ("ignore previous instructions", …)."""
    return any(pattern.search(text) for pattern in _INSTRUCTION_RES)



def strip_markers(text: str) -> tuple[str, list[int]]:
    """The text without citation markers, and the passage numbers they named, in order."""
    numbers: list[int] = []
    for match in _MARKER_RE.finditer(text):
        group = match.group(1) or match.group(2) or ""
        numbers.extend(int(n) for n in re.split(r"[^\d]+", group) if n)
    return _MARKER_RE.sub("", text).strip(), list(dict.fromkeys(numbers))
