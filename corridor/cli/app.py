"""``main``: parse, run one command, and turn every error into one line and an exit code."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence

from corridor import _meta
from corridor._errors import CorridorError, GeodataError, NoRoute
from corridor.cli.options import Handler
from corridor.cli.parser import build_parser

#: Options naming what a command writes (the path an OSError without a file name is about).
_OUTPUT_OPTIONS = ("geojson", "out")


def _os_error_message(exc: OSError, args: argparse.Namespace) -> str | None:
    """Return one line for an OSError about a path (``PATH: what went wrong``), or ``None``.

    ``None`` when the error names no path and the command writes none (then it is not the
    user's doing).
    """
    outputs = [str(v) for k in _OUTPUT_OPTIONS if isinstance(v := getattr(args, k, None), str)]
    path = exc.filename2 if exc.filename2 is not None else exc.filename
    if path is not None:
        path = os.fsdecode(path)
        base = os.path.basename(path)
        if base.startswith(".") and base.endswith(".tmp") and outputs:
            path = outputs[0]  # the temporary file of an atomic write: name the real one
    elif outputs:
        path = outputs[0]
    else:
        return None
    what = exc.strerror or str(exc)
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        what = f"{what} (a file where a folder is needed)"
    elif exc.errno == errno.EISDIR:
        what = f"{what} (a folder where a file is needed)"
    return f"{path}: {what}"


def _user_error(exc: BaseException) -> int:
    """Print the one line of an error the user caused (or an interruption); return the code."""
    if isinstance(exc, GeodataError):  # ``validate`` lists every problem; here, one line
        print(f"corridor: error: {exc.one_line()}", file=sys.stderr)
        return 2
    if isinstance(exc, NoRoute):
        print(f"corridor: no route: {exc}", file=sys.stderr)
        return 1
    if isinstance(exc, BrokenPipeError):  # output piped into e.g. `head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    if isinstance(exc, KeyboardInterrupt):
        print("corridor: interrupted", file=sys.stderr)
        return 130
    print(f"corridor: error: {exc}", file=sys.stderr)
    return 2


def _path_error(exc: OSError, args: argparse.Namespace) -> int:
    """Print the one line of an OSError about an input or output path; return 2 (or 3)."""
    message = _os_error_message(exc, args)
    if args.debug:
        raise exc
    if message is None:
        return _internal_error(exc)
    print(f"corridor: error: {message}", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``corridor`` command; return its exit code (no traceback reaches the user).

    Parameters
    ----------
    argv
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success, 1 when no route exists, 2 for a user error, 3 for an internal error,
        130 when interrupted, 141 on a closed output pipe.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if args.version:
        print(f"corridor {_meta.version()}")
        return 0
    if handler is None:
        parser.print_help()
        return 2
    try:
        code = handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return code
    except (CorridorError, BrokenPipeError, KeyboardInterrupt) as exc:
        return _user_error(exc)
    except OSError as exc:  # an input or output path: unwritable, missing, full disk, ...
        return _path_error(exc, args)
    except Exception as exc:  # last resort: never show a traceback to a CLI user
        if args.debug:
            raise
        return _internal_error(exc)


def _internal_error(exc: BaseException) -> int:
    """Print the one-line internal-error message (a bug, not the user's doing); return 3."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    print(f"corridor: internal error: {type(exc).__name__}: {text} "
          "(run with --debug for details)", file=sys.stderr)
    return 3

