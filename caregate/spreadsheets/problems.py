"""Problems found in an uploaded spreadsheet, each with where it was found."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (file, sheet, row, column) and what.

    ``sheet`` is None for CSV files and problems with the whole file; ``row`` is
    the row (or CSV line) number a person sees in Excel or an editor;
    ``column`` is the column heading (or letter when the heading is unknown).
    """

    file: str
    # TODO: messages are built in English by the reader and importer and shown as they are
    # on the import page; translating them needs gettext at each place they are made.
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = f"{self.file}: {self.location}" if self.location else self.file
        return f"{where}: {self.message}"


class ImportRejected(Exception):
    """The file has problems; nothing was stored. ``problems`` lists every one found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        first = str(self.problems[0]) if self.problems else "no details"
        more = f" (and {count - 1} more)" if count > 1 else ""
        super().__init__(f"import rejected: {first}{more}")


class CellError(ValueError):
    """A cell's value cannot be used; the message says why, without the location."""
