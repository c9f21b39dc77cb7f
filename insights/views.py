"""The owner's dashboard at /dashboard/: staff only, one period at a time, CSV for every table."""

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from insights import figures
from insights.charts import bar_chart, share_bar
from pmportal.spreadsheets import csv_response

# The periods the worker keeps fresh, and a range of the owner's choosing.
PRESETS = [(str(days), f"Last {days} days") for days in figures.PRESET_DAYS]
PRESETS.append(("custom", "Custom range"))
MAX_CUSTOM_DAYS = 731
DATE_INPUT = forms.DateInput(attrs={"type": "date"})  # each field gets its own copy


class PeriodForm(forms.Form):
    days = forms.ChoiceField(label="Period", choices=PRESETS, required=False)
    start = forms.DateField(label="From", required=False, widget=DATE_INPUT)
    end = forms.DateField(label="To", required=False, widget=DATE_INPUT)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("days") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if not start or not end:
            raise forms.ValidationError("Choose both a start and an end date for a custom range.")
        if start > end:
            raise forms.ValidationError("The start date must be on or before the end date.")
        if end > timezone.now().date():
            raise forms.ValidationError("The end date cannot be in the future.")
        if (end - start).days + 1 > MAX_CUSTOM_DAYS:
            raise forms.ValidationError("Choose a range of at most two years.")
        return data

    def period(self) -> figures.Period:
        data = self.cleaned_data
        if data.get("days") == "custom":
            return figures.Period.between(data["start"], data["end"])
        return figures.Period.last_days(int(data.get("days") or 30))


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


@never_cache
@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Visitors are sent to sign in; signed-in members who are not staff get 403."""
    _staff_only(request)
    form = PeriodForm(request.GET or {"days": "30"})
    if not form.is_valid():
        return render(request, "insights/dashboard.html", {"form": form}, status=400)
    period = form.period()
    data = figures.snapshot(period)
    sections = {name: data[name] for name in figures.SECTIONS}
    export = request.GET.get("csv")
    if export:
        return _csv(export, sections, period)
    charts = {
        series.key: bar_chart(series.points, chart_id=f"chart-{series.key}", title=series.title)
        for series in (
            sections["acquisition"]["signups"],
            sections["engagement"]["downloads"],
            sections["engagement"]["directory_searches"],
            sections["networking"]["introductions"],
            sections["networking"]["conversations"],
        )
    }
    meters = {
        "verified": share_bar(sections["acquisition"]["verified_share"], label="Verified"),
        "complete": share_bar(sections["acquisition"]["complete_share"], label="Profile completed"),
        "no_result": share_bar(sections["faq"]["no_result_share"], label="Searches with no result"),
        "accepted": share_bar(sections["networking"]["acceptance"], label="Introductions accepted"),
    }
    query = request.GET.copy()
    query.pop("csv", None)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "period": period,
            "last_day": period.end.date() - dt.timedelta(days=1),
            "charts": charts,
            "meters": meters,
            "querystring": query.urlencode(),
            "computed_at": data["computed_at"],
            **sections,
        },
    )


def _tables(sections: dict) -> dict[str, figures.Table]:
    tables = {}
    for section in sections.values():
        for value in section.values():
            if isinstance(value, figures.Series):
                value = value.as_table()
            if isinstance(value, figures.Table):
                tables[value.key] = value
    return tables


def _csv(key: str, sections: dict, period: figures.Period) -> HttpResponse:
    table = _tables(sections).get(key)
    if table is None:
        raise Http404("No such table.")
    last_day = period.end.date() - dt.timedelta(days=1)
    filename = f"pmportal-{table.key}-{period.start.date()}-{last_day}.csv"
    return csv_response(filename, table.headers, table.rows)
