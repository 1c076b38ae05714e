"""Numbers read from an address's query string: whatever a stranger types, never an error."""

# More digits than any page, week or id the portal has; int() of 5,000 digits is refused
# by Python itself, so the length is checked first.
MAX_DIGITS = 9


def whole_number(text: str | None, *, default: int | None = None) -> int | None:
    """`text` as a whole number 0 or more (plain digits 0–9 only), else `default`."""
    if not text or len(text) > MAX_DIGITS or not (text.isascii() and text.isdigit()):
        return default
    return int(text)
