"""The domain: plain functions taking a database session. No Flask in here."""
