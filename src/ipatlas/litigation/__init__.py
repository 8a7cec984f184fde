"""Litigation data: judgments read by machine, court statistics, firm showcase, business leads."""

from ipatlas.litigation.parser import FIELDS, FILE_FIELDS, parse_file, parse_text

__all__ = ["FIELDS", "FILE_FIELDS", "parse_file", "parse_text"]
