"""PL401: success criteria nobody can check: an aspiration ("Complete observability",
"Positive feedback from beta users") with no number, threshold or checkable state."""

from __future__ import annotations

from planlint.engine import rule


def _criteria(plan):
    yield None, plan.success_criteria
    for sprint in plan.iterations():
        yield sprint, sprint.success_criteria


@rule("PL401", "unverifiable-criterion", severity="warning")
def unverifiable_criterion(plan, ctx):
    """A success criterion that cannot be checked: no number, threshold, comparison,
    date or checkable state, only a word like "positive", "seamless" or "complete".

    What it does:
        Reports success, acceptance and exit criteria that name an aspiration rather
        than a result: they hold a vague word ("positive feedback", "intuitive",
        "improved", "complete observability") and nothing a reviewer could check it
        against: no number, percentage, date or comparison ("< 5 minutes", "within 2
        seconds") and no checkable state ("passes", "verified", "deployed", "zero",
        "every", "cannot"). When a criterion names neither, the rule stays quiet.

    Why it matters:
        At the sprint review nobody can say whether "Complete observability" or
        "Enterprise customer adoption" was met, so the sprint is judged done by mood.
        A threshold turns the same intent into a yes or a no.

    Example:
        ### Success Criteria
        - Positive feedback from beta users
        - Complete observability

    Use instead:
        ### Success Criteria
        - Beta users rate the release 4/5 or better in the exit survey
        - Every service exports traces, metrics and logs to the dashboard

    Options:
        None.
    """
    for sprint, criteria in _criteria(plan):
        for criterion in criteria:
            word = criterion.vague
            if word is None:
                continue
            where = ""
            if sprint is not None:
                where = f" in {sprint.label}"
            yield ctx.finding(
                criterion.line,
                f"success criterion '{criterion.text}' (line {criterion.line}){where} cannot be checked: "
                f"'{word}' comes with no number, threshold or checkable state",
                key=f"PL401:{where}:{criterion.text}")
