"""A line's ending. Readers rewrite a page line by line and keep every line's ending, so the numbers a citation
gives (file:start-end) stay those of the file; a line they blank out becomes its ending alone."""
from __future__ import annotations


def ending(line: str) -> str:
    """"\\n", "\\r\\n" or "" (the last line of a file without a newline)."""
    return line[len(line.rstrip("\r\n")):]
