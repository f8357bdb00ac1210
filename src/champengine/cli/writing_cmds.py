"""Writing commands."""

COMMANDS: list = []
