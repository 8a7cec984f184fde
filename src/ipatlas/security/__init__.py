"""Security rules used by every package: input bounds, safe export cells, password policy.

Core package: never imports ``ipatlas.web`` or ``ipatlas.cli``.
"""
