"""CSV downloads (the dashboard's tables, the members admin's export), safe in a spreadsheet."""

import csv
import datetime as dt
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """A text cell starting like a formula would run in a spreadsheet: an apostrophe makes it
    text. An empty cell stays empty (a test like `cell[:1] in "=+-@"` matches "" too)."""
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return f"'{cell}"
    return cell


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """An attachment that no shared cache keeps (the rows are the owner's or members' data)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(headers)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return response
