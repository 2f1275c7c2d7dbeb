"""``--format junit``: JUnit XML, one test case per document.

CI servers (Jenkins, GitLab, Azure) read JUnit reports. Each document read is
a ``<testcase>`` (class name: its source, name: its path); each finding is a
``<failure>`` in it, an unreadable document an ``<error>`` and a skipped one
``<skipped>``. The ``failures`` count is the number of failing test cases. XML 1.0
cannot carry most control characters even escaped, so they are removed from
every value; ElementTree escapes the rest. The report is always valid XML,
whatever the scraped text holds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import regex

from ..model import DocumentOutcome, Finding, record_origin
from ..pipeline import RunSummary
from .base import Formatter

# Characters XML 1.0 does not allow at all (even as character references).
_NOT_XML = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str | None) -> str:
    return str(_NOT_XML.sub("", text or ""))


class JunitFormatter(Formatter):
    name = "junit"
    description = "JUnit XML: one test case per document, one failure per finding."

    def start(self) -> None:
        self.cases: dict[str, ET.Element] = {}
        self.by_document_id: dict[str, ET.Element] = {}
        self.failing: set[int] = set()
        self.errors = 0
        self.skipped = 0

    def _failure(self, case: ET.Element, f: Finding) -> None:
        el = ET.SubElement(
            case,
            "failure",
            {
                "type": xml_safe(f.code),
                "message": xml_safe(f"{f.line}:{f.column}: {f.code} [{f.name}] {f.message}"),
            },
        )
        el.text = xml_safe(f"{f.severity.value}: {f.message}\nexcerpt: {f.excerpt}")
        self.failing.add(id(case))

    def document(self, outcome: DocumentOutcome) -> None:
        path = outcome.path or outcome.document_id
        file, record = record_origin(outcome.path)
        case = ET.Element(
            "testcase",
            {
                "classname": xml_safe(outcome.source),
                "name": xml_safe(path),
                "file": xml_safe(file or path),
            },
        )
        # the document's identity, each part on its own (a JSON Lines record: file, line, id, URL)
        identity = {"document_id": outcome.document_id, "record": record, "url": outcome.url}
        props = [(k, str(v)) for k, v in identity.items() if v is not None]
        if props:
            holder = ET.SubElement(case, "properties")
            for name, value in props:
                ET.SubElement(holder, "property", {"name": name, "value": xml_safe(value)})
        self.cases[f"{outcome.index}"] = case
        self.by_document_id[outcome.document_id] = case
        if outcome.status == "skipped":
            ET.SubElement(case, "skipped", {"message": xml_safe("; ".join(f.message for f in outcome.findings))})
            self.skipped += 1
            return
        if outcome.status == "failed":
            el = ET.SubElement(case, "error", {"message": xml_safe("; ".join(f.message for f in outcome.findings))})
            el.text = xml_safe("\n".join(f"{f.code} {f.message}" for f in outcome.findings))
            self.errors += 1
            return
        for f in outcome.findings:
            self._failure(case, f)

    def finish(self, summary: RunSummary) -> None:
        by_id = self.by_document_id
        for f in summary.source_findings:
            case = by_id.get(f.document_id)
            if case is None:  # a document not seen here: give it its own case
                case = ET.Element(
                    "testcase", {"classname": xml_safe(f.source), "name": xml_safe(f.path or f.document_id)}
                )
                self.cases[f"late:{f.document_id}"] = by_id[f.document_id] = case
            self._failure(case, f)
        tests = len(self.cases)
        attrs = {
            "tests": str(tests),
            "failures": str(len(self.failing)),
            "errors": str(self.errors),
            "skipped": str(self.skipped),
        }
        root = ET.Element("testsuites", {"name": "provlint", **attrs})
        suite = ET.SubElement(root, "testsuite", {"name": "provlint", **attrs})
        ET.SubElement(
            ET.SubElement(suite, "properties"), "property", {"name": "provlint.version", "value": self.context.version}
        )
        suite.extend(self.cases.values())
        ET.indent(root)
        self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.stream.write(ET.tostring(root, encoding="unicode"))
        self.stream.write("\n")
