"""The job market beside the ladder: what ML engineers are paid, from public salary data (:mod:`~mlladder.market.pay`).

It sits below assessment and guidance, which both read it, and knows nothing of people.
"""
