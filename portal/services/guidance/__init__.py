"""Guidance: the times staff offer, residents' bookings of them, and requests to be called."""
