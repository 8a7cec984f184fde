"""Market supervision (市场主体监管): entities, entity resolution, credit events and grading,
双随机一公开 inspections, the lead pool and service agencies.

Floor 4: reads protection decisions through ``ipatlas.protection``'s public functions;
never imports ``ipatlas.web`` or ``ipatlas.cli``.
"""
