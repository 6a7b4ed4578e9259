"""Render a chat answer for people: the answer text, then its numbered sources with their quotes."""

from __future__ import annotations

from typing import Any


def format_answer(result: dict[str, Any]) -> str:
    """The answer and its numbered sources, for people."""
    lines = [result["answer"].rstrip()]
    if result["citations"]:
        lines.append("")
        lines.append("来源：" if result.get("language") == "zh" else "Sources:")
        for citation in result["citations"]:
            where = " › ".join(p for p in (citation.get("source", ""), citation.get("heading_path", "")) if p)
            lines.append(f"[{citation['n']}] {citation['title']} ({where})")
            lines.append(f"    “{citation['quote']}”")
    return "\n".join(lines) + "\n"
