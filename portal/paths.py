"""Which paths we may send a person back to: only our own, never another site."""

# Browsers drop tabs and line breaks from addresses and read a backslash as a slash,
# so "/\t/evil.example" would lead to //evil.example: no such character is allowed.
_REFUSED = frozenset(chr(code) for code in range(0x21)) | {"\x7f", "\\"}


def is_local_path(value: str) -> bool:
    """True for `/nb/start`; false for `https://evil.example`, `//evil.example`, `/\\evil`
    and `/\\t/evil.example`."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and not any(character in _REFUSED for character in value)
    )
