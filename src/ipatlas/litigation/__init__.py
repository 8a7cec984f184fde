"""Litigation data: judgments read by machine, court statistics, firm showcase, business leads."""

from ipatlas.litigation.parser import FIELDS, parse_file, parse_text

__all__ = ["FIELDS", "parse_file", "parse_text"]
