"""A deliberately hostile provlint plugin: every way a rule or formatter can misbehave (tests/reliability)."""
