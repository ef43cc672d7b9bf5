"""The exception types a user can see. Each maps to an exit code in the CLI."""


class MmdiagError(Exception):
    """Base class: the message is printed as one line, prefixed with `mmdiag: `."""

    exit_code = 2


class InputError(MmdiagError):
    """A file, folder or stream cannot be read or holds no log records (exit 2)."""


class UsageError(MmdiagError):
    """The arguments do not make sense together (exit 2)."""
