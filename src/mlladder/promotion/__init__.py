"""The promotion packet: what a person's stored journal entries and documents show against a target level's
expectations (:mod:`~mlladder.promotion.packet`), written as Markdown, HTML or PDF (:mod:`~mlladder.promotion.formats`).

It sits above the store because it reads through it; the store only loads and saves records.
"""
