"""Benchmark: how long one staff password check takes with the production argon2 parameters.

    .venv/bin/python bench/password_check.py [--rounds 15]

Target (issue 4): 100–500 ms for one check on the server, so guessing is slow
while signing in still feels immediate.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.services.staff.passwords import PROFILES


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()

    hasher = PROFILES["standard"]
    print(
        f"argon2{hasher.type.name.lower()}: time_cost={hasher.time_cost}, "
        f"memory_cost={hasher.memory_cost} KiB ({hasher.memory_cost // 1024} MiB), "
        f"parallelism={hasher.parallelism}, hash_len={hasher.hash_len}, salt_len={hasher.salt_len}"
    )
    stored = hasher.hash("et langt og godt passord")
    hasher.verify(stored, "et langt og godt passord")  # warm up
    times = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        hasher.verify(stored, "et langt og godt passord")
        times.append((time.perf_counter() - start) * 1000)
    median = statistics.median(times)
    print(
        f"one check over {args.rounds} rounds: median {median:.0f} ms, "
        f"min {min(times):.0f} ms, max {max(times):.0f} ms (target 100–500 ms)"
    )


if __name__ == "__main__":
    main()
