"""What every example shares: a client for IP Harbour's public REST API, where its tokens come from, and how
an example reports its end.

Each role's token is read from IPHARBOUR_TOKEN_<ROLE>. When it is not set but IPHARBOUR_EMAIL_<ROLE> names the
person, a read-write token is made on this machine with `ipharbour token create` (IPHARBOUR_CLI names another
command than `ipharbour`, e.g. "python manage.py"); the examples write, so a read-only token will not do.
A role's organisation is the first of its person's (GET /api/v1/me) unless IPHARBOUR_ORG_<ROLE> names another.

Standard library only; the examples import this file from their own folder.
"""

import json
import os
import shlex
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any


class StepFailed(Exception):
    """A step did not give what the example expects: the example stops and exits with status 1."""


def _decoded(payload: bytes, content_type: str) -> Any:
    if "json" in content_type:
        return json.loads(payload or b"null")
    return payload


def _short(answer: Any) -> str:
    text = (
        answer.decode(errors="replace")
        if isinstance(answer, bytes)
        else json.dumps(answer, ensure_ascii=False)
    )
    return text[:500]


class Client:
    """The API as several people see it: each call names the role whose token it carries. A path that does not
    start with /api/ is read below `prefix` (dispute.py's calls are all under /api/v1/disputes)."""

    def __init__(self, base: str, tokens: dict[str, str], prefix: str = ""):
        if not base.startswith(("http://", "https://")):
            raise StepFailed(f"the base URL must start with http:// or https://, not {base!r}")
        self.base, self.tokens, self.prefix = base.rstrip("/"), tokens, prefix

    def request(
        self,
        role: str,
        method: str,
        path: str,
        body: Any = None,
        *,
        raw: bytes | None = None,
        content_type: str = "",
    ) -> tuple[int, Any]:
        """The status and the answer (JSON decoded, anything else as bytes); a refusal is an answer too."""
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        url = self.base + (path if path.startswith("/api/") else self.prefix + path)
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310 (http(s) checked above)
        request.add_header("Authorization", f"Bearer {self.tokens[role]}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type or "application/json")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (the user's own server)
                return response.status, _decoded(response.read(), response.headers.get("Content-Type", ""))
        except urllib.error.HTTPError as error:
            return error.code, _decoded(error.read(), error.headers.get("Content-Type", ""))

    def call(self, role: str, method: str, path: str, body: Any = None, **upload: Any) -> Any:
        """The answer of a call that must succeed."""
        status, answer = self.request(role, method, path, body, **upload)
        if status >= 400:
            raise StepFailed(f"{method} {path} as {role.lower()}: {status} {_short(answer)}")
        return answer

    def expect(self, status: int, role: str, method: str, path: str, body: Any = None) -> Any:
        """The answer of a call that must end with exactly `status` (a refusal the example wants to see)."""
        got, answer = self.request(role, method, path, body)
        if got != status:
            raise StepFailed(
                f"{method} {path} as {role.lower()}: expected {status}, got {got}: {_short(answer)}"
            )
        return answer

    def step(self, label: str, role: str, method: str, path: str, body: Any = None) -> Any:
        """A call that must succeed, said on one line when it has."""
        answer = self.call(role, method, path, body)
        print(f"ok  {label}", flush=True)
        return answer


def check(condition: bool, message: str) -> None:
    """A fact the example checks, said on one line when it holds."""
    if not condition:
        raise StepFailed(message)
    print(f"ok  {message}", flush=True)


def say(text: str) -> None:
    """What the example is about to do (on standard error: standard output ends with the summary)."""
    print(f"· {text}", file=sys.stderr, flush=True)


def token_command(email: str, example: str) -> list[str]:
    """The command that makes a read-write token for `email` and prints it alone on standard output."""
    cli = shlex.split(os.environ.get("IPHARBOUR_CLI", "ipharbour"))
    return [*cli, "token", "create", "--user", email, "--scope", "read-write", "--name", f"{example} example"]


def token_for(role: str, example: str, *fallbacks: str) -> str | None:
    """The role's token (or a fallback role's) from the environment, else one made for its e-mail."""
    for name in (role, *fallbacks):
        if token := os.environ.get(f"IPHARBOUR_TOKEN_{name}"):
            return token
    email = os.environ.get(f"IPHARBOUR_EMAIL_{role}")
    if not email:
        return None
    command = token_command(email, example)
    made = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if made.returncode != 0 or not made.stdout.strip():
        raise StepFailed(f"`{shlex.join(command)}` failed: {made.stderr.strip()[:300]}")
    return made.stdout.strip().splitlines()[-1]


def tokens_for(
    example: str,
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    fallbacks: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, str]:
    """Every required role's token (or StepFailed naming what to set) and those of the optional roles found; a
    role may fall back on another role's variable (the seller's lead on IPHARBOUR_TOKEN_BD)."""
    fallbacks = fallbacks or {}
    found = {role: token_for(role, example, *fallbacks.get(role, ())) for role in (*required, *optional)}
    missing = [role for role in required if not found[role]]
    if missing:
        raise StepFailed(
            "set "
            + ", ".join(f"IPHARBOUR_TOKEN_{role} (or IPHARBOUR_EMAIL_{role} to make one)" for role in missing)
        )
    return {role: token for role, token in found.items() if token}


def organisation_of(client: Client, role: str) -> str:
    if chosen := os.environ.get(f"IPHARBOUR_ORG_{role}"):
        return chosen
    memberships = client.call(role, "GET", "/api/v1/me")["memberships"]
    if not memberships:
        raise StepFailed(f"the {role.lower()} token's person belongs to no organisation")
    return memberships[0]["organisation"]


def run(play: Callable[..., dict], usage: str, arguments: int = 0) -> None:
    """Run an example from the command line: the base URL and up to `arguments` more. The summary's JSON is
    the last line printed; any failed step exits with status 1, a wrong command line with status 2."""
    given = sys.argv[1:]
    if not 1 <= len(given) <= 1 + arguments:
        print(usage, file=sys.stderr)
        sys.exit(2)
    try:
        summary = play(*given)
    except (StepFailed, urllib.error.URLError, KeyError, ValueError, TypeError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(summary, ensure_ascii=False))
