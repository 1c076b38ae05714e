"""Casework: cases and what residents send (applications, files), and how they find them again."""
