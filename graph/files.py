"""Writing files atomically (a temp file in the same folder, then a rename), so a full disk or a crash never leaves
a truncated page or export; OS errors become an OutputError naming the path and the fix. Text for XML-family
formats loses the characters XML 1.0 forbids."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

from .errors import OutputError

# XML 1.0 Char: tab, newline, carriage return, U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_CHAR_REF = re.compile(r"&#(?:x([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _allowed_ref(m: re.Match) -> str:
    code = int(m[1], 16) if m[1] else int(m[2])
    return m[0] if code <= 0x10FFFF and not _NOT_XML.match(chr(code)) else ""


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls, lone surrogates, U+FFFE, U+FFFF),
    raw or written as character references (``&#1;`` is no more allowed than the character itself)."""
    return _CHAR_REF.sub(_allowed_ref, _NOT_XML.sub("", text))


def fix_for(e: OSError, path: Path) -> str:
    """What to do about ``e`` met while writing ``path``."""
    code = e.errno
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return "the disk is full or the file is over a size limit: free some space, or write somewhere else"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"{path.parent} is not writable: pick another path, or fix the folder's permissions"
    if code in (errno.EEXIST, errno.ENOTDIR):
        blocker = next((p for p in path.parents if p.exists()), None)
        if blocker is not None and not blocker.is_dir():
            return f"{blocker} is a file, not a folder: pick another path"
    if code in (errno.ENOENT, errno.ENOTDIR):
        return f"{path.parent} is not a folder that can be created: check the path"
    if code == errno.EISDIR:
        return "that is a folder: give a file name"
    return "check the path, the folder's permissions and the free disk space"


def os_error(path: str | Path, e: OSError, doing: str = "write") -> OutputError:
    path = Path(path)
    return OutputError(f"cannot {doing} {path}: {e.strerror or e} ({fix_for(e, path)})", path=str(path))


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temp file next to it, fsync, then rename over it."""
    import tempfile

    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as e:
        raise os_error(path, e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as open() would have made it, not mkstemp's 0600
        os.replace(tmp, path)
    except OSError as e:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise os_error(path, e) from None
