"""Register conditions on the design authority's change requests, read by gate criteria."""

from __future__ import annotations

from django.utils import timezone

from caregate.design_authority.services import max_undecided_days, undecided_too_long
from caregate.gates.registers import RegisterFinding, condition
from caregate.programmes.models import Programme


@condition("change_requests_undecided_too_long")
def change_requests_undecided_too_long(programme: Programme) -> RegisterFinding:
    """Change requests still submitted or deferred longer than the programme's limit.

    The age counts from the day the request was submitted; a deferral does not
    restart it. The limit is ``change_request_max_undecided_days`` in the
    programme's evidence settings, 30 days when not set.
    """
    # TODO: register conditions get no assessment time, so "today" is now, not as_of.
    overdue = undecided_too_long(programme, timezone.now())
    return RegisterFinding(
        model="design_authority.changerequest",
        record_ids=[each.id for each in overdue],
        labels=[str(each) for each in overdue],
        rule=(
            "status in (submitted, deferred) and submitted_on older than "
            f"{max_undecided_days(programme)} days"
        ),
    )
