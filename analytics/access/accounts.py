"""Accounts of the embedded identity provider: a JSON file in the data folder, written private
and atomically under a lock, passwords as argon2id hashes (the provider, in Node, verifies the
same PHC strings with @node-rs/argon2). Passwords are generated, shown once, never stored in clear."""
from __future__ import annotations

import fcntl
import json
import re
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from analytics.access.paths import accounts_path
from analytics.access.private import private_dir, write_private
from analytics.access.roles import Role, parse_roles
from analytics.access.scope import Scope

USERNAME = re.compile(r"^[a-z][a-z0-9._-]{1,63}$")
# argon2id, RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes).
HASHER = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4)
PASSWORD_CHARS = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no look-alikes


class AccountError(ValueError):
    """A change to the accounts that cannot be made; the message says why. `label` names the
    catalogue entry that says it in the page's language (with `values`), where there is one."""

    def __init__(self, message: str, label: str | None = None, **values: object):
        super().__init__(message)
        self.label, self.values = label, values


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def generate_password(length: int = 16) -> str:
    """A random password (about 93 bits), in groups of four for reading it out."""
    raw = "".join(secrets.choice(PASSWORD_CHARS) for _ in range(length))
    return "-".join(raw[i:i + 4] for i in range(0, length, 4))


@dataclass
class Account:
    username: str
    name: str
    roles: list[str]
    scope: list[str]
    password: str = field(repr=False)          # argon2id PHC string
    disabled: bool = False
    created_at: str = field(default_factory=now)
    changed_at: str = field(default_factory=now)   # roles, scope, status or password last changed

    def public(self) -> dict[str, object]:
        """Everything but the hash."""
        out = asdict(self)
        out.pop("password")
        return out


class AccountStore:
    """The accounts file; every change re-reads it under an exclusive lock."""

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else accounts_path()

    @contextmanager
    def _locked(self) -> Iterator[dict[str, Account]]:
        private_dir(self.path.parent)
        lock = self.path.with_name(self.path.name + ".lock")
        with open(lock, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            accounts = self._read()
            yield accounts
            self._write(accounts)

    def _read(self) -> dict[str, Account]:
        if not self.path.exists():
            return {}
        data = json.loads(self.path.read_text(encoding="utf-8"))
        return {name: Account(username=name, **fields) for name, fields in data.get("accounts", {}).items()}

    def _write(self, accounts: dict[str, Account]) -> None:
        data = {"version": 1, "accounts": {a.username: {k: v for k, v in asdict(a).items() if k != "username"}
                                           for a in accounts.values()}}
        write_private(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")

    def all(self) -> list[Account]:
        return sorted(self._read().values(), key=lambda a: a.username)

    def get(self, username: str) -> Account | None:
        return self._read().get(username)

    def exists(self) -> bool:
        return bool(self._read())

    def add(self, username: str, name: str, roles: Iterable[str], scope: Scope | str | Iterable[str],
            password: str | None = None) -> str:
        """Create an account; returns its password (generated unless given), to show once."""
        if not USERNAME.match(username):
            raise AccountError("username: 2-64 characters, a lowercase letter first, then a-z 0-9 . _ -")
        held = _roles(roles)
        region = _scope(scope, held)
        password = password or generate_password()
        with self._locked() as accounts:
            if username in accounts:
                raise AccountError(f"account {username!r} exists already")
            accounts[username] = Account(username, name.strip() or username, sorted(r.value for r in held),
                                         region.codes(), HASHER.hash(password))
        return password

    def update(self, username: str, *, roles: Iterable[str] | None = None,
               scope: Scope | str | Iterable[str] | None = None, name: str | None = None) -> Account:
        with self._locked() as accounts:
            account = _known(accounts, username)
            held = _roles(roles) if roles is not None else parse_roles(account.roles)
            if roles is not None:
                account.roles = sorted(r.value for r in held)
            if scope is not None or roles is not None:
                account.scope = _scope(scope if scope is not None else account.scope, held).codes()
            if name is not None:
                account.name = name.strip() or username
            account.changed_at = now()
            return account

    def set_disabled(self, username: str, disabled: bool) -> None:
        with self._locked() as accounts:
            account = _known(accounts, username)
            account.disabled, account.changed_at = disabled, now()

    def reset_password(self, username: str, password: str | None = None) -> str:
        """A new password (generated unless given); sessions opened before it end."""
        password = password or generate_password()
        with self._locked() as accounts:
            account = _known(accounts, username)
            account.password, account.changed_at = HASHER.hash(password), now()
        return password

    def verify(self, username: str, password: str) -> Account | None:
        """The account when the password is right and it is enabled (the provider's check, in
        Python for the tests and the command line)."""
        account = self.get(username)
        if account is None or account.disabled:
            return None
        try:
            HASHER.verify(account.password, password)
        except (VerificationError, InvalidHashError):
            return None
        return account


def _known(accounts: dict[str, Account], username: str) -> Account:
    if username not in accounts:
        raise AccountError(f"no account {username!r}")
    return accounts[username]


def _roles(values: Iterable[str]) -> frozenset[Role]:
    values = list(values)
    held = parse_roles(values)
    unknown = [v for v in values if v.strip().lower() not in {r.value for r in Role}]
    if unknown or not held:
        raise AccountError(f"roles: one or more of {', '.join(r.value for r in Role)} (not {', '.join(unknown) or 'none'})")
    return held


def _scope(scope: Scope | str | Iterable[str], roles: frozenset[Role]) -> Scope:
    try:
        region = scope if isinstance(scope, Scope) else Scope.of(scope)
    except ValueError as exc:
        raise AccountError(str(exc)) from None
    if Role.PUSAT in roles and not region.national:
        raise AccountError("a pusat account covers the nation: scope 00")
    if region.empty:
        raise AccountError("scope: 00 (the nation), province codes (72) or regency codes (72.01)")
    return region
