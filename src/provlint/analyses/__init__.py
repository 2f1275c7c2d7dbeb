"""Shared, typed analyses of a prepared document (page lines, page layout), computed once and read by rules and the
scorecard alike. They import nothing from the engine, the CLI or the formatters."""
