"""The judgment parser's parts, a module per concern; ``ipatlas.litigation.parser`` puts them together.

Internal to the parser: nothing but ``parser`` and these modules imports it, which is why the names
they share keep their leading underscore (they are no API of ``ipatlas.litigation``). The import order
runs one way: ``text`` and ``patterns`` at the bottom, then ``party``, the readers of one concern each,
and ``stories`` / ``prosefacts`` for reports in prose on top.
"""
