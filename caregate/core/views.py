"""Pages. Views only parse, authorise, call services and render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def control_tower(request):
    return HttpResponse("Caregate")
