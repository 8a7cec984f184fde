"""知识产权保护: one-stop intake (一站式受理), case handling with legal time limits in working days,
referral (移送), mediation (调解), decisions, documents and publication.

Core package (floor 4): uses ``workflow`` (every case is a workflow instance), ``calendar``,
``regions`` and the lake; never imports ``web`` or ``cli``. Public functions for other packages:
:func:`ipatlas.protection.intake.create_case` and
:func:`ipatlas.protection.publication.public_decisions`.
"""
