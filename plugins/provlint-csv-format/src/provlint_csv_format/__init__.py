"""Example provlint plugin: the ``csv`` output format."""
