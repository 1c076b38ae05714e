"""Messaging: email and SMS to residents, queued with the change they tell of, sent once."""
