"""Import of JUnit XML results into a test cycle: one execution per <testcase>, all or nothing.

Which scenario a test case proves: its ``<property name="scenario" value="SC-0003"/>``,
else the first scenario reference (SC-nnnn) in its name, else in its classname.
Result: <failure> or <error> -> failed, <skipped> -> blocked, otherwise passed.
A test case imported before (same file name, classname and name in the same cycle)
updates that execution instead of adding a new one, so a pipeline may post again.

Any problem — malformed XML, a DOCTYPE (refused: entity expansion), a test case
naming no scenario, an unknown scenario, a scenario out of the cycle's scope — is
reported all at once and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from caregate.audit.services import AuditTarget, field_values, record, record_many
from caregate.testing.models import Execution, Scenario, TestCycle
from caregate.testing.services import not_in_cycle_message

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"\bSC-\d+\b", re.IGNORECASE)


class JunitImportError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason."""

    def __init__(self, filename: str, problems: list[str]):
        self.filename = filename
        self.problems = problems
        super().__init__(f"{filename}: " + "; ".join(problems))


@dataclass
class JunitCase:
    """One <testcase> as read from the file."""

    classname: str
    name: str
    reference: str
    result: str
    message: str
    line: int | None


def _result(testcase: ET.Element) -> tuple[str, str]:
    for tag, result in (("failure", "failed"), ("error", "failed"), ("skipped", "blocked")):
        child = testcase.find(tag)
        if child is not None:
            return result, (child.get("message") or (child.text or "")).strip()[:2000]
    return "passed", ""


def _reference(testcase: ET.Element) -> str:
    for prop in testcase.iter("property"):
        if prop.get("name") == "scenario" and prop.get("value"):
            return prop.get("value").strip().upper()
    for text in (testcase.get("name", ""), testcase.get("classname", "")):
        match = REFERENCE.search(text)
        if match:
            return match.group(0).upper()
    return ""


def parse_junit(xml_bytes: bytes, filename: str) -> tuple[list[JunitCase], dt.datetime | None]:
    """The test cases of a JUnit file and the suite's timestamp; JunitImportError if malformed."""
    # Without a DTD no entity can be declared, so refusing one closes the entity-expansion
    # attacks defusedxml guards against (XML is case-sensitive: the keyword is upper case).
    if b"<!DOCTYPE" in xml_bytes or b"<!ENTITY" in xml_bytes:
        raise JunitImportError(filename, ["a DOCTYPE is not accepted in JUnit XML"])
    try:
        root = ET.fromstring(xml_bytes)  # noqa: S314  (no DTD: checked just above)
    except ET.ParseError as error:
        line, column = error.position
        raise JunitImportError(
            filename, [f"not well-formed XML at line {line}, column {column + 1}"]
        ) from None
    if root.tag not in ("testsuites", "testsuite"):
        raise JunitImportError(
            filename, [f"the root element is <{root.tag}>, not <testsuites> or <testsuite>"]
        )
    stamp = None
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    for suite in suites:
        if suite.get("timestamp"):
            stamp = parse_datetime(suite.get("timestamp"))
            if stamp is not None and timezone.is_naive(stamp):
                stamp = timezone.make_aware(stamp, dt.UTC)
            break
    cases = []
    for testcase in root.iter("testcase"):
        result, message = _result(testcase)
        cases.append(
            JunitCase(
                classname=testcase.get("classname", ""),
                name=testcase.get("name", ""),
                reference=_reference(testcase),
                result=result,
                message=message,
                line=None,
            )
        )
    if not cases:
        raise JunitImportError(filename, ["the file holds no <testcase>"])
    return cases, stamp


def import_junit(cycle: TestCycle, xml_bytes: bytes, filename: str, user) -> dict[str, int]:
    """Store the file's results as executions of the cycle; {"created": n, "updated": m}.

    Raises JunitImportError listing every problem, with nothing stored.
    """
    cases, stamp = parse_junit(xml_bytes, filename)
    executed_at = stamp or timezone.now()
    references = {case.reference for case in cases if case.reference}
    scenarios = {
        scenario.reference.upper(): scenario
        for scenario in Scenario.objects.filter(programme_id=cycle.programme_id)
    }
    in_scope = set(cycle.scenarios.values_list("id", flat=True))
    problems = []
    for case in cases:
        label = f"testcase {case.classname}.{case.name}".replace(" .", " ")
        if not case.reference:
            problems.append(f"{label} names no scenario (SC-nnnn)")
    unknown = sorted(ref for ref in references if ref not in scenarios)
    if unknown:
        problems.append("unknown scenario references: " + ", ".join(unknown))
    out_of_scope = sorted(
        ref for ref in references if ref in scenarios and scenarios[ref].id not in in_scope
    )
    problems.extend(not_in_cycle_message(ref, cycle) for ref in out_of_scope)
    if problems:
        logger.info("junit import %s refused for cycle %s: %s", filename, cycle.pk, problems)
        raise JunitImportError(filename, problems)

    with transaction.atomic():
        existing = {
            execution.external_key: execution
            for execution in Execution.objects.filter(
                cycle=cycle, external_key__startswith=f"{filename}::"
            )
        }
        created, updated = [], []
        for case in cases:
            key = f"{filename}::{case.classname}::{case.name}"[:300]
            execution = existing.get(key)
            if execution is None:
                execution = Execution(
                    cycle=cycle,
                    scenario=scenarios[case.reference],
                    result=case.result,
                    executed_at=executed_at,
                    evidence=case.message,
                    external_key=key,
                )
                created.append(execution)
                existing[key] = execution
            elif execution.pk is not None:
                before = field_values(execution, ["result", "executed_at", "evidence"])
                execution.result = case.result
                execution.executed_at = executed_at
                execution.evidence = case.message
                updated.append((execution, before))
        Execution.objects.bulk_create(created)
        if updated:
            Execution.objects.bulk_update(
                [execution for execution, _ in updated], ["result", "executed_at", "evidence"]
            )
        reason = f"JUnit import {filename}"
        record_many(
            user,
            "create",
            ((e, {n: [None, v] for n, v in field_values(e).items()}) for e in created),
            reason=reason,
        )
        record_many(
            user,
            "update",
            (
                (
                    e,
                    {
                        n: [before[n], v]
                        for n, v in field_values(e, before).items()
                        if v != before[n]
                    },
                )
                for e, before in updated
            ),
            reason=reason,
        )
        record(
            user,
            "import",
            AuditTarget("testing.testcycle", str(cycle.pk), str(cycle)[:200]),
            changes={"created": [None, len(created)], "updated": [None, len(updated)]},
            reason=reason,
        )
    logger.info(
        "junit import %s into cycle %s: %s created, %s updated",
        filename,
        cycle.pk,
        len(created),
        len(updated),
    )
    return {"created": len(created), "updated": len(updated)}
