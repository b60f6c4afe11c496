from django.shortcuts import render

from bkcase.viewhelpers import require

from ..access import can_open_reports
from ..catalogue import reports_for


@require(can_open_reports)
def index(request):
    """The reports the user may read, each with what it holds."""
    return render(request, "reports/index.html", {"reports": reports_for(request.membership)})
