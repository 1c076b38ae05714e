"""References and secret codes: what a resident uses to find their case again.

Both are eight characters from an alphabet without look-alikes (no 0/O, no 1/I),
written in two groups of four (`B7K4-P2QM`), so they can be read aloud on the
phone and typed from a note. The reference names the case; the code proves the
person holds the receipt. The code is stored only as an argon2id hash.

Why guessing a code is hopeless, however many workers serve the portal (the limits
are counted in Redis in production, shared by every worker; config.py refuses to
start without it): 32^8 ≈ 1.1 × 10^12 codes. Lookups are limited to 30 an hour per
address and 20 a day per reference *and* address, so someone holding A addresses
tries at most 20·A codes of one reference a day, and needs on average
1.1 × 10^12 / 2 / (20·A) ≈ 2.7 × 10^10 / A days: 75 years with a million addresses.
The per-reference limit is per address on purpose: a stranger who knows a
reference and types wrong codes uses up only their own tries, never the owner's.
tests/unit/test_access_codes.py keeps that arithmetic true.
"""

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from portal.services.staff import passwords

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8
# The limits the case lookup applies (portal/public/case.py uses these strings).
LOOKUPS_PER_REFERENCE = "20 per day"
LOOKUPS_PER_ADDRESS = "30 per hour"

# A code has 40 random bits, so a light argon2id is enough to make a stolen table
# useless (about 5 ms a guess: 170 core-years to try every code), and it keeps a submission
# cheap: the portal must take 100 a second. The test profile is cheaper still.
_HASHERS = {
    "standard": PasswordHasher(time_cost=1, memory_cost=4 * 1024, parallelism=1),
    "fast": passwords.PROFILES["fast"],
}


def _random_group_pair() -> str:
    characters = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{characters[:4]}-{characters[4:]}"


def new_reference() -> str:
    return _random_group_pair()


def new_code() -> str:
    return _random_group_pair()


def normalise(typed: str) -> str | None:
    """What a person typed as a reference or code, in stored form; None if it cannot be one."""
    characters = "".join(typed.upper().split()).replace("-", "")
    if len(characters) != LENGTH or any(c not in ALPHABET for c in characters):
        return None
    return f"{characters[:4]}-{characters[4:]}"


def _hasher() -> PasswordHasher:
    return _HASHERS[passwords.profile_name()]


def hash_code(code: str) -> str:
    return _hasher().hash(code)


@cache
def _dummy_hash(profile: str) -> str:
    return _HASHERS[profile].hash("AAAA-AAAA")


def code_matches(stored_hash: str | None, code: str) -> bool:
    """Whether `code` is the one hashed; without a hash, spend the same time and say no."""
    try:
        _hasher().verify(stored_hash or _dummy_hash(passwords.profile_name()), code)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return stored_hash is not None


def limit_key(kind: str, typed_reference: str, address: str) -> str:
    """The rate-limit key for lookups of one reference from one address, however typed."""
    reference = normalise(typed_reference) or typed_reference.strip().upper()[:20]
    return f"{kind}-reference:{reference}:{address}"


def expected_days_to_guess(addresses: int) -> float:
    """On average, how many days someone with this many addresses needs to find one code."""
    per_day_per_address = min(_count(LOOKUPS_PER_REFERENCE), _count(LOOKUPS_PER_ADDRESS) * 24)
    return len(ALPHABET) ** LENGTH / 2 / (per_day_per_address * addresses)


def _count(limit: str) -> int:
    return int(limit.split()[0])
