"""Example provlint plugin: all-caps shouting lines."""
