"""Staff passwords: the policy a new one must meet, and argon2id hashing.

The "standard" hashing profile costs 100–500 ms a check on the municipality's
server (`bench/password_check.py` measures it); "fast" exists so the test suite
does not spend minutes hashing. `use_profile` is called once by `create_app`.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 12
# Refused before hashing: argon2 would happily spend memory on a megabyte of input.
MAX_LENGTH = 1024
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[2] / "common_passwords.txt"

PROFILES = {
    # argon2id with 64 MiB and 4 lanes (RFC 9106's second recommendation) and 5 passes
    # instead of 3: one check takes about 170 ms on the two-core server (bench/password_check.py).
    "standard": PasswordHasher(time_cost=5, memory_cost=64 * 1024, parallelism=4),
    # For tests only: the same algorithm with the cheapest parameters argon2 allows.
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
_profile = "standard"


class PasswordRefused(ValueError):
    """A new password does not meet the policy; `reason` says which rule."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Check:
    matches: bool
    needs_rehash: bool = False


def use_profile(name: str) -> None:
    """Hash and verify with the named profile from now on."""
    global _profile
    if name not in PROFILES:
        raise ValueError(f"unknown password hash profile {name!r}")
    _profile = name


def hasher() -> PasswordHasher:
    return PROFILES[_profile]


def profile_name() -> str:
    """The hashing profile in use: "standard", or "fast" in the test suite."""
    return _profile


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_policy(password: str) -> None:
    """Raise PasswordRefused("too_short" | "too_long" | "common") for a password we refuse."""
    if len(password) > MAX_LENGTH:
        raise PasswordRefused("too_long")
    if len(password) < MIN_LENGTH:
        raise PasswordRefused("too_short")
    if password.lower() in common_passwords():
        raise PasswordRefused("common")


def hash_password(password: str) -> str:
    """An argon2id hash of a password that has passed the policy."""
    if len(password) > MAX_LENGTH:
        raise PasswordRefused("too_long")
    return hasher().hash(password)


@cache
def _dummy_hash(profile: str) -> str:
    return PROFILES[profile].hash("a password nobody has, checked to spend the same time")


def verify(stored_hash: str | None, password: str) -> Check:
    """Whether `password` matches; without a stored hash, spend the same time and say no."""
    if len(password) > MAX_LENGTH:
        return Check(matches=False)
    try:
        hasher().verify(stored_hash or _dummy_hash(_profile), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return Check(matches=False)
    if stored_hash is None:
        return Check(matches=False)
    return Check(matches=True, needs_rehash=hasher().check_needs_rehash(stored_hash))
