"""PL001: the plan's structure against the policy JSON schema."""

from __future__ import annotations

from planlint.engine import rule

_validators: dict[int, object] = {}

_NOUNS = {
    "sprints": "", "children": "", "work_items": "work item", "success_criteria": "success criterion",
    "risks": "risk", "deliverables": "deliverable", "claims": "claim", "tables": "table", "fields": "field",
}


def _validator(schema: dict):
    v = _validators.get(id(schema))
    if v is None:
        from jsonschema import Draft202012Validator

        v = _validators[id(schema)] = (schema, Draft202012Validator(schema))
    return v[1]


def describe(doc: dict, path) -> tuple[str, int]:
    """The plan words and line for a JSON path into the model: "Sprint D 'Advanced
    Features' (line 81)" rather than "/sprints/1"."""
    node, label, line = doc, "the plan", 1
    sprint = None
    parts = list(path)
    for i, part in enumerate(parts):
        if not isinstance(node, (dict, list)):
            break
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and "line" in node:
            line = node["line"]
            container = parts[i - 1] if i else ""
            if container in ("sprints", "children"):
                sprint = f"{node['id']} '{node['title']}'" if node.get("title") != node.get("id") else node["id"]
                label = sprint
            else:
                noun = _NOUNS.get(container, str(container).rstrip("s"))
                name = node.get("title") or node.get("text") or node.get("key") or ""
                label = f"{noun} '{name}'" + (f" in {sprint}" if sprint else "")
    return label, line


@rule("PL001", "policy", severity="warning", options={"schema": None, "convention": True}, lower=("info",))
def policy(plan, ctx):
    """The plan breaks the structure policy: a sprint without success criteria, a risk
    table or a duration (the default), or whatever your own policy schema requires.

    What it does:
        Validates the plan model (as `planlint parse` prints it) against a JSON schema
        and reports every violation on the line of the sprint or item it concerns.
        The default policy requires every sprint to have at least one success
        criterion, a risk table, and a duration or a date range. What no sprint of
        the plan has is the plan's own template: the default policy then gives one
        info note instead of a warning per sprint (a policy of your own always warns).

    Why it matters:
        A sprint without success criteria cannot be judged done; one without a risk
        table has not been thought through; one without a duration cannot be planned.

    Example:
        ## Sprint D: Advanced Features
        **Duration**: 2 weeks
        - [ ] Build model selection interface

    Use instead:
        ## Sprint D: Advanced Features
        **Duration**: 2 weeks
        ### Success Criteria
        - [ ] Inference latency <500ms
        ### Risk Assessment
        | Risk | Probability | Impact | Mitigation |
        |------|-------------|--------|------------|
        | Complex state | High | Medium | Data-flow architecture |

    Options:
        schema: a JSON schema of your own, set with `policy = "path/to/policy.json"`
        in the configuration. A failing subschema's `x-message` keyword gives the
        wording of the finding ("has no risk table").
        convention: what no sprint of the plan has gives one info note rather than a
        warning per sprint (default true; false warns on every sprint; a schema of
        your own always warns).
    """
    from planlint.schemas import load

    own = ctx.options.get("schema")
    schema = own or load("policy.schema.json")
    doc = plan.to_dict()
    found = []
    for error in sorted(_validator(schema).iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        label, line = describe(doc, error.absolute_path)
        wording = error.schema.get("x-message") if isinstance(error.schema, dict) else None
        found.append((label, line, wording, error.message))
    sprints = sum(n.get("kind") == "sprint" for n in doc.get("sprints", []))  # what the default policy holds
    for wording in {w for _, _, w, _ in found if w}:
        missing = [f for f in found if f[2] == wording]
        if own is None and ctx.options["convention"] and len(missing) == sprints:
            # the default policy asks for what no sprint of this plan has: the plan's own
            # template leaves it out, and one note says so
            label, line = missing[0][:2]
            who = f"{label} (line {line})" if sprints == 1 else f"every sprint of the plan ({sprints}, first {label}, line {line})"
            yield ctx.finding(line, f"{who} {wording}", severity="info", key=f"PL001:all:{wording}")
            found = [f for f in found if f[2] != wording]
    for label, line, wording, text in found:
        message = f"{label} (line {line}) {wording}" if wording else f"{label} (line {line}): {text}"
        yield ctx.finding(line, message, key=f"PL001:{label}:{wording or text}")
