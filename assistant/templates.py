"""Templates, the one engine for every text AuditPrep fills in: the writers' prompt files and
the planner's bilingual sentence templates (``prompts/planner/*.yaml``).

Variables are written ``$name`` or ``${name}`` (``string.Template``), so JSON braces in a
prompt need no escaping. Filling a template with a variable missing is a ``TemplateError``,
never an empty gap.

A prompt file is ``prompts/<area>/<task>.<language>.md``. It holds a system part and a user
part, separated by a line that reads ``=== user ===``; variables are written ``$name`` or
``${name}`` (``string.Template``), so JSON braces in a prompt need no escaping. Rendering with
a variable missing is an error, never an empty gap in the prompt.

Usage::

    prompt = load_prompt("chat/answer", "zh")
    system, user = prompt.render(question="…", passages="…", history="")
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from assistant.config import PROJECT_ROOT
from assistant.errors import ConfigError

PROMPTS_DIR = PROJECT_ROOT / "prompts"
USER_MARKER = "=== user ==="


class TemplateError(ConfigError):
    """A template or a template data file is missing, malformed, or cannot be filled."""


def fill(template: str, name: str, values: Mapping[str, object]) -> str:
    """``template`` with its ``${placeholders}`` replaced from ``values``.

    Raises:
        TemplateError: the template names a placeholder missing from ``values``.
    """
    compiled = string.Template(template)
    missing = sorted(set(compiled.get_identifiers()) - values.keys())
    if missing:
        raise TemplateError(
            f"Template {name!r} needs {', '.join(missing)}, which the caller did not supply. "
            "Fix the template in prompts/ or the code that fills it."
        )
    return compiled.substitute({k: str(v) for k, v in values.items()})


@dataclass(frozen=True)
class Prompt:
    """One template pair. ``variables`` lists every name the template uses."""

    name: str
    language: str
    system: string.Template
    user: string.Template

    @property
    def variables(self) -> set[str]:
        return set(self.system.get_identifiers()) | set(self.user.get_identifiers())

    def render(self, **values: str) -> tuple[str, str]:
        """The system and user text with ``values`` filled in.

        Raises:
            TemplateError: a variable the template uses has no value.
        """
        missing = sorted(self.variables - values.keys())
        if missing:
            raise TemplateError(
                f"Prompt {self.name}.{self.language} needs {', '.join(missing)}; the caller passed "
                f"{', '.join(sorted(values)) or 'nothing'}."
            )
        return self.system.substitute(values).strip(), self.user.substitute(values).strip()


def prompt_path(name: str, language: str, root: Path = PROMPTS_DIR) -> Path:
    return root / f"{name}.{language}.md"


@cache
def load_prompt(name: str, language: str, root: Path = PROMPTS_DIR) -> Prompt:
    """The template ``prompts/<name>.<language>.md``; English when the language has none.

    Raises:
        TemplateError: neither file exists, or the user part is missing.
    """
    path = prompt_path(name, language, root)
    if not path.exists():
        path = prompt_path(name, "en", root)
    if not path.exists():
        raise TemplateError(f"No prompt template {prompt_path(name, language, root)}. Restore it from git.")
    text = path.read_text(encoding="utf-8")
    if USER_MARKER not in text:
        raise TemplateError(f"Prompt {path} has no '{USER_MARKER}' line separating system and user parts.")
    system, user = text.split(USER_MARKER, 1)
    return Prompt(name, language, string.Template(system), string.Template(user))
