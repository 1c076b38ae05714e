"""Housing: the dwelling register, the waiting list, matching, offers, tenancies,
Boligutvalget's meetings, and the plan's numbers."""
