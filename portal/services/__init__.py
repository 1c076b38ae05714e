"""The domain: plain functions taking a database session, grouped by area.

- casework/     cases, housing applications, priority flags, files, references and codes
- guidance/     guidance times, booking, moving and cancelling, call-backs, calendar files
- information/  information pages and their editing, search, the guide, the calculator,
                settings shown to residents, feedback
- staff/        sign-in, two-factor, staff accounts, passwords, the audit log
- messaging/    the outbox: queueing email and SMS, sending it once, failures
"""
