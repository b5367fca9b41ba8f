"""JSON schemas shipped with planlint: the plan model and the default structure policy."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def load(name: str) -> dict:
    """A bundled schema by file name, e.g. "plan.schema.json"."""
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))
