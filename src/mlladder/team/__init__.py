"""Teams: the people a manager leads, seen together — who holds what, who is ready for the next level, what
changes if someone joins, leaves or is promoted, and who can mentor whom.

Everything here reads :class:`~mlladder.team.roster.Member` values: a person's assessment with where they sit
in the team. Where the members come from (a folder of profiles, or the store) is the roster's concern.
"""
