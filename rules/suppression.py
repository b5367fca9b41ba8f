"""PL002: suppression comments that suppress nothing."""

from planlint.engine import rule


@rule("PL002", "unused-suppression", severity="warning", after_suppressions=True)
def unused_suppression(plan, ctx):
    """A `planlint-disable` comment suppresses nothing, or names a rule that does not exist.

    What it does:
        Reports suppression comments (`<!-- planlint-disable ... -->` and its kin) under
        which no finding was suppressed, and comments that name unknown rules. It runs
        after every other rule; a comment naming only rules that are not selected is not
        judged, and one that silences PL002 on another comment is used.

    Why it matters:
        A stale suppression hides the next real problem on those lines, and a misspelt
        code suppresses nothing while looking as if it did.

    Example:
        <!-- planlint-disable-next-line PL201 -->
        **Total Effort**: 80 hours

    Use instead:
        **Total Effort**: 80 hours

    Options:
        None.
    """
    unused = []
    for s in ctx.suppressions:
        if s.unknown:
            message = f"suppression names unknown rule(s) {', '.join(s.unknown)}"
        elif s.used or (s.codes is not None and not s.codes <= ctx.selected):
            continue
        else:
            what = s.written or "every rule"
            lines = f"lines {s.first}-{s.last}" if s.first != s.last else f"line {s.first}"
            message = f"'planlint-{s.kind} {what}' suppresses nothing on {lines}"
        unused.append((s, message))
    # a comment that silences this rule on another comment is used; the other is not reported
    silenced = {s.line for s, _ in unused if any(other.covers(s.line, ctx.rule.code) for other in ctx.suppressions)}
    for other in ctx.suppressions:
        if any(other.covers(line, ctx.rule.code) for line in silenced):
            other.used = True
    for s, message in unused:
        if s.line not in silenced and (s.unknown or not s.used):
            yield ctx.finding(s.line, message, column=s.column)
