"""`orderly mrz parse`: read one machine-readable zone on standard input, print it as JSON.

Kept free of Django so it runs without settings or a database. Exit codes: 0 when the zone is
valid, 1 when it parses but a check fails, 2 when the input is not an MRZ at all.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TextIO

from orderly.registry.rules.mrz import NotAnMrz, parse_mrz

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_NOT_AN_MRZ = 2


CONTRACT_KEYS = (
    "format",
    "document_type",
    "issuing_state",
    "document_number",
    "nationality",
    "date_of_birth",
    "expiry_date",
    "sex",
    "surname",
    "given_names",
    "optional_data",
)


def run(stdin: TextIO, stdout: TextIO, *, today: date, stderr: TextIO | None = None) -> int:
    """Parse the MRZ read from ``stdin``, write one JSON object to ``stdout``, return the code.

    When the input is not an MRZ, the JSON object is {"valid": false, "errors": [{"field":
    "mrz", "message": ...}]} and the reason is also written to ``stderr`` (default sys.stderr).
    """
    try:
        mrz = parse_mrz(stdin.read(), today=today)
    except NotAnMrz as error:
        reason = str(error)
        # Every key of the contract is present, so scripts need no special case: nulls here.
        answer = dict.fromkeys(CONTRACT_KEYS)
        answer.update(valid=False, errors=[{"field": "mrz", "message": reason}])
        json.dump(answer, stdout)
        stdout.write("\n")
        print(f"not an MRZ: {reason}", file=stderr if stderr is not None else sys.stderr)
        return EXIT_NOT_AN_MRZ
    json.dump(mrz.as_dict(), stdout)
    stdout.write("\n")
    return EXIT_VALID if mrz.valid else EXIT_INVALID


if __name__ == "__main__":
    raise SystemExit(run(sys.stdin, sys.stdout, today=date.today()))
