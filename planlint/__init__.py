"""planlint: a linter and CI gate for sprint and project plans written in Markdown."""

__version__ = "0.1.0"
