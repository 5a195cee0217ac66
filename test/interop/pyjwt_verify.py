"""Verifies tokens with PyJWT, as a Python client of Portworx would.

Reads a JSON list of cases from standard input (never argv: tokens and keys stay out of the process list):
  [{"token": "...", "algorithm": "HS256", "key": "secret or PEM public key", "issuer": "portworx.com", "now": 1700000000}]
and prints one JSON result per case: {"ok": true, "claims": {...}} or {"ok": false, "error": "ExpiredSignatureError: ..."}.

"now" pins PyJWT's clock (seconds since the epoch), so expiry is checked against the test's clock, not today's.
"""
import datetime
import json
import sys

import jwt
import jwt.api_jwt

REQUIRED_CLAIMS = ["iss", "sub", "exp", "iat", "name", "email"]


def pinned_clock(now):
    """A datetime class whose now() is the given instant (PyJWT reads the time only through datetime.now)."""

    class PinnedDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime.fromtimestamp(now, tz or datetime.timezone.utc)

    return PinnedDatetime


def verify(case):
    jwt.api_jwt.datetime = pinned_clock(case["now"])
    try:
        claims = jwt.decode(
            case["token"],
            case["key"],
            algorithms=[case["algorithm"]],
            issuer=case["issuer"],
            options={"require": REQUIRED_CLAIMS},
        )
        return {"ok": True, "claims": claims}
    except jwt.PyJWTError as error:
        return {"ok": False, "error": f"{type(error).__name__}: {error}"}


print(json.dumps([verify(case) for case in json.load(sys.stdin)]))
