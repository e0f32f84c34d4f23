"""Publishing agencies (发布机构) from content/agencies.yaml."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..privacy import privacy
from ..core import yamlstrict
from ..core.names import IDENTIFIER_CODES, check_identifier
from ..core.problems import Problem, problem, reported
from ..core.schema import RowContext, TableSchema, cast_row, unknown_key_problems
from ..core.textfile import read_yaml
from ..core import addresses
from ..core.urls import WEB_SCHEMES, address_problem, tel_href

AGENCIES_FILE = "content/agencies.yaml"
NOT_CHECKED = "agencies-not-checked"


@dataclass
class Agency:
    id: str
    name: str
    code: str = ""
    parent_id: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    website: str = ""
    description: str = ""
    postcode: str = ""
    site_contact: bool = False  # its contact data is the site's (footer, guide, 依申请公开)
    # Filled in by the site model:
    parent: "Agency | None" = None
    children: list = field(default_factory=list)
    items: list = field(default_factory=list)
    datasets: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return addresses.agency_page(self.id)

    @property
    def phone_href(self) -> str | None:
        """tel: address of `phone` (None when it is not one plain number: then shown unlinked)."""
        return tel_href(self.phone)

    def record(self) -> dict:
        """The agency as in agencies.yaml, for the JSON API and the catalogue CSV."""
        keys = ("id", "name", "code", "parent", "phone", "email", "address", "postcode", "website", "description")
        values = (self.id, self.name, self.code, self.parent_id, self.phone, self.email, self.address, self.postcode,
                  self.website, self.description)
        return {key: value for key, value in zip(keys, values) if value}


def load_agencies(root: Path, schema: TableSchema) -> tuple[list[Agency], list[Problem]]:
    """Every agency of content/agencies.yaml, sorted by id. When an entry could not be read, the
    problems end with one `agencies-not-checked` warning: the callers then do not check which
    agency an item or dataset names (each would be a follow-on error of the one mistake here)."""
    agencies, problems, complete = _load_agencies(root, schema)
    if not complete:
        problems.append(problem(
            AGENCIES_FILE, 1, 1, "agencies-not-checked"))
    return agencies, problems


def _load_agencies(root: Path, schema: TableSchema) -> tuple[list[Agency], list[Problem], bool]:
    rel = AGENCIES_FILE
    path = root / rel
    if not os.path.lexists(path):  # a link or a folder here is refused by read_text
        return [], [problem(rel, 0, 0, "file-missing/agencies")], False
    text, doc, problems = read_yaml(path, rel)
    if doc is None:
        return [], problems, False
    problems += privacy.scan_agencies(rel, text, doc, schema.label)
    if not isinstance(doc.value, list):
        problems.append(problem(rel, 1, 1, "agencies-shape/list"))
        return [], problems, False
    agencies: list[Agency] = []
    seen: dict[str, int] = {}
    complete = True  # every entry became an agency
    for index, raw in enumerate(doc.value):
        context = RowContext(rel, doc, (index,))
        if not isinstance(raw, dict):
            line, column = context.at()
            problems.append(problem(rel, line, column, "agencies-shape/entry"))
            complete = False
            continue
        # pii_reason (why this agency's phone or email may hold a mobile or another domain) is read
        # by the personal-information gate and never published: it is not in the agency schema.
        reason = raw.pop(privacy.AGENCY_REASON_KEY, None)
        if reason is not None and not isinstance(reason, str):
            line, column = context.at(privacy.AGENCY_REASON_KEY)
            problems.append(problem(rel, line, column, "type-scalar/pii-reason", field=privacy.AGENCY_REASON_KEY))
        problems += unknown_key_problems(schema, raw, context, frozenset())
        row, row_problems = cast_row(schema, raw, context)
        problems += row_problems
        if row_problems or not row.get("id"):
            complete = False
            continue
        refused = check_identifier("agency", row["id"])
        if refused is not None:
            line, column = context.at("id")
            said = (IDENTIFIER_CODES["agency"][refused.code], refused.message, refused.message_en)
            problems.append(reported(rel, line, column, said, field="id", label=schema.label("id")))
            complete = False
            continue
        problems += _contact_problems(rel, context, schema, row)  # the agency still exists: no follow-on errors
        if row["id"] in seen:
            line, column = context.at("id")
            problems.append(problem(rel, line, column, "duplicate-agency-id", id=row["id"], seen=seen[row["id"]],
                                    field="id", label=schema.label("id")))
            complete = False
            continue
        seen[row["id"]] = context.at("id")[0]
        agencies.append(Agency(
            id=row["id"], name=row["name"], code=row.get("code") or "", parent_id=row.get("parent") or "",
            phone=row.get("phone") or "", email=row.get("email") or "", address=row.get("address") or "",
            website=row.get("website") or "", description=row.get("description") or "",
            postcode=row.get("postcode") or "", site_contact=bool(row.get("site_contact")),
        ))
    by_id = {agency.id: agency for agency in agencies}
    for index, agency in enumerate(agencies):
        if agency.parent_id:
            if agency.parent_id not in by_id or agency.parent_id == agency.id:
                line, column = _line_of_key(doc, agency.id, "parent")
                problems.append(problem(rel, line, column, "unknown-parent-agency", parent_id=agency.parent_id,
                                        field="parent", label=schema.label("parent")))
            else:
                agency.parent = by_id[agency.parent_id]
                agency.parent.children.append(agency)
    for agency in agencies:
        agency.children.sort(key=lambda child: child.id)
    contacts = [agency for agency in agencies if agency.site_contact]
    for agency in contacts[1:]:
        line, column = _line_of_key(doc, agency.id, "site_contact")
        problems.append(problem(rel, line, column, "site-contact-twice", id=contacts[0].id,
                                field="site_contact", label=schema.label("site_contact")))
    return sorted(agencies, key=lambda agency: agency.id), problems, complete


EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$", re.ASCII)


def _contact_problems(rel: str, context: RowContext, schema: TableSchema, row: dict) -> list[Problem]:
    """The website and e-mail become links on the agency page: a real https:// address, a real mailbox."""
    problems = []
    website, email = row.get("website"), row.get("email")
    if website:
        refused = address_problem(website, schemes=WEB_SCHEMES, site_paths=False)
        if refused is not None:
            line, column = context.at("website")
            problems.append(reported(rel, line, column, refused, field="website", label=schema.label("website")))
    if email and not EMAIL.match(email):
        line, column = context.at("email")
        problems.append(problem(rel, line, column, "contact-email-invalid/agency", email=email, field="email",
                                label=schema.label("email")))
    return problems


def _line_of_key(doc: yamlstrict.YamlDoc, agency_id: str, key: str) -> tuple[int, int]:
    for index, raw in enumerate(doc.value):
        if isinstance(raw, dict) and raw.get("id") == agency_id:
            return doc.where(index, key)
    return (1, 1)
