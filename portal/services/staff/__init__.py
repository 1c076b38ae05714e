"""Staff: signing in, two-factor, accounts and passwords, and the audit log of what staff do."""
