"""Register conditions on the customization register, read by gate criteria."""

from __future__ import annotations

from caregate.customizations.services import in_build_without_full_approval
from caregate.gates.registers import RegisterFinding, condition
from caregate.programmes.models import Programme


@condition("customizations_in_build_without_full_approval")
def customizations_in_build_without_full_approval(programme: Programme) -> RegisterFinding:
    """Customizations in build or built that are not fully approved.

    Fully approved means: the gaps it serves, a justification in words, a
    business owner, favourable architecture and security reviews with dates, at
    least one test case, the upgrade impact with the Odoo versions assessed, and
    the design authority's approval as the latest board decision on it.
    """
    offending = in_build_without_full_approval(programme)
    return RegisterFinding(
        model="customizations.customization",
        record_ids=[each.id for each in offending],
        labels=[str(each) for each in offending],
        rule="status in (in_build, built) and not is_fully_approved (customizations.services)",
    )
