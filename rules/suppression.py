"""PL002: suppression comments that suppress nothing."""

from planlint.engine import rule


@rule("PL002", "unused-suppression", severity="warning")
def unused_suppression(plan, ctx):
    """A `planlint-disable` comment suppresses nothing, or names a rule that does not exist.

    What it does:
        Reports suppression comments (`<!-- planlint-disable ... -->` and its kin) under
        which no finding was suppressed, and comments that name unknown rules. The check
        runs after every other rule, in the engine; this entry makes it selectable.

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
    return ()
