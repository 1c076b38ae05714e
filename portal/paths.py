"""Which paths we may send a person back to: only our own, never another site."""


def is_local_path(value: str) -> bool:
    """True for `/nb/start`, false for `https://evil.example`, `//evil.example` and `/\\evil`."""
    return value.startswith("/") and not value.startswith("//") and "\\" not in value
