"""A throwaway PostgreSQL server for the tests, started from Debian's ``postgresql`` binaries.

``initdb`` into a temporary directory, ``pg_ctl start`` listening only on a unix socket in
that directory (no TCP port, nothing shared with the machine), ``pg_ctl stop`` at the end.
PostgreSQL refuses to run as root, so as root the server runs as the user ``wickbot-test``
(created if missing). ``.ci/run`` installs the package; where it is missing and cannot be
installed, the tests that need it are skipped with a message saying so.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_USER = "wickbot-test"
PORT = 5432  # only names the socket file (.s.PGSQL.5432) in the private directory
NOT_INSTALLED = (
    "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
    "apt-get install postgresql (.ci/run does it) to run the PostgreSQL tests"
)


def find_binaries() -> Path | None:
    """The newest Debian PostgreSQL ``bin`` directory, or None."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


class PostgresServer:
    """One running server; :meth:`new_database` makes an empty database per test."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="wickpg-"))  # short: socket paths are limited
        self.data = self.root / "data"
        self._prefix: list[str] = []
        self._names = itertools.count(1)
        if os.geteuid() == 0:
            ensure_user(TEST_USER)
            shutil.chown(self.root, TEST_USER, TEST_USER)
            self._prefix = ["runuser", "-u", TEST_USER, "--"]

    def _run(self, *args: str) -> None:
        subprocess.run(
            [*self._prefix, *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def start(self) -> None:
        """initdb (trust auth, no fsync) and start the server on a private unix socket."""
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        options = (
            f"-k {self.root} -c listen_addresses='' -p {PORT} -F "
            "-c max_connections=200 -c shared_buffers=32MB"
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        """Stop the server and delete its files."""
        try:
            self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        """A libpq URL for ``database`` on this server (over its unix socket)."""
        return f"postgresql://postgres@/{database}?host={self.root}&port={PORT}"

    def new_database(self) -> str:
        """Create an empty database; its URL."""
        import psycopg

        name = f"wick_{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
        return self.url(name)


def ensure_user(name: str) -> None:
    """Create a system user without a home or a login shell, unless it exists."""
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole test session (skips if PostgreSQL is missing)."""
    bin_dir = find_binaries()
    if bin_dir is None:
        pytest.skip(NOT_INSTALLED)
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed: pip install -e '.[test]'")
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except subprocess.CalledProcessError as exc:
        server.stop()
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr.decode()}") from exc
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return postgres_server.new_database()
