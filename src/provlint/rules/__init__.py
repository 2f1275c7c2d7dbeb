"""Built-in rule families, one folder per family, one file per rule.

Each family's ``__init__`` is a plugin implementing ``provlint_register_rules``,
exactly as a third-party package would.
"""
