"""planlint's built-in rules, one module per rule or tight family of rules.

Every module here is loaded through the `planlint.rules` entry point, the same way a
plugin's rules are.
"""
