"""Page reuse (outputs/pageinputs.py) is decided from what a page is made of: every record a
template reads while rendering an item page is one the page's key declares, and a rebuild
renders again exactly the pages whose records changed."""

from __future__ import annotations

import jinja2
import pelican.writers

from support import copy_sample_site

from gongkai.build.build import build
from gongkai.build.context import BuildOptions
from gongkai.outputs.pageinputs import BACK_LINKS, SITE_READS, page_records, record_name
from gongkai.outputs.pageroute import KIND_DATASET, KIND_ITEM


def test_every_record_a_reusable_page_reads_is_declared(tmp_path, monkeypatch):
    """Jinja's attribute and item lookups are recorded per page while the sample site builds in
    one process; each read of a record on a page a rebuild may reuse (an item page, a page of a
    list of items) must be covered by the page's key."""
    root = copy_sample_site(tmp_path / "site")
    reads: dict[str, set] = {}
    routes = {}
    current = [None]

    original_write = pelican.writers.Writer.write_file

    def write_file(self, name, template, context, *args, **kwargs):
        current[0] = kwargs.get("route")
        try:
            return original_write(self, name, template, context, *args, **kwargs)
        finally:
            current[0] = None

    def recorder(original):
        def lookup(self, obj, attribute):
            name = record_name(obj)
            if name is not None and current[0] is not None and isinstance(attribute, str):
                routes[current[0].save_as] = current[0]
                reads.setdefault(current[0].save_as, set()).add((name, type(obj), attribute))
            return original(self, obj, attribute)
        return lookup

    monkeypatch.setattr(pelican.writers.Writer, "write_file", write_file)
    monkeypatch.setattr(jinja2.Environment, "getattr", recorder(jinja2.Environment.getattr))
    monkeypatch.setattr(jinja2.Environment, "getitem", recorder(jinja2.Environment.getitem))
    assert build(root, root / "pelicanconf.py", tmp_path / "out", options=BuildOptions.slow()) == 0

    reusable = [save_as for save_as, route in routes.items() if page_records(route) is not None]
    assert len([page for page in reusable if routes[page].kind == KIND_ITEM]) > 40
    assert len([page for page in reusable if routes[page].kind == KIND_DATASET]) >= 6
    assert len([page for page in reusable if routes[page].kind not in (KIND_ITEM, KIND_DATASET)]) > 20
    undeclared = []
    for save_as in reusable:
        declared = {record_name(record) for record in page_records(routes[save_as])}
        for name, kind, attribute in sorted(reads[save_as], key=repr):
            if name == "site":
                covered = attribute in SITE_READS
            elif name.startswith("agency:"):
                covered = attribute not in BACK_LINKS[kind]  # every agency is in the page frame
            else:
                covered = name in declared
            if not covered:
                undeclared.append((save_as, name, attribute))
    assert sorted({(name.split(":")[0], attribute) for _, name, attribute in undeclared}) == []
    assert undeclared == []


def test_a_rebuild_renders_again_only_the_pages_whose_records_changed(tmp_path, monkeypatch):
    root = copy_sample_site(tmp_path / "site")
    output = tmp_path / "out"
    assert build(root, root / "pelicanconf.py", output) == 0
    rendered = []
    original_write = pelican.writers.Writer.write_file

    def write_file(self, name, *args, **kwargs):
        if kwargs.get("route") is not None and kwargs["route"].kind in (KIND_ITEM, KIND_DATASET):
            rendered.append(name)
        return original_write(self, name, *args, **kwargs)

    monkeypatch.setattr(pelican.writers.Writer, "write_file", write_file)
    plan = root / "content/disclosures/2026/agri-land-subsidy-plan-2026.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace("7号", "8号"), encoding="utf-8")
    assert build(root, root / "pelicanconf.py", output, options=BuildOptions(serial=True)) == 0
    items = sorted(rendered)
    # the edited item's page, and the pages that show it: the items it links to or that link to it
    assert "disclosures/11431234MB1520047T-2026-00013/index.html" in items  # its 索引号 is its address
    assert 1 <= len(items) <= 12, items
    assert [page for page in items if page.startswith("datasets/")] == []  # no dataset page shows an item

    rendered.clear()
    table = root / "datasets/hotline-12345-monthly/data/hotline-monthly.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("2024-01-01,889,", "2024-01-01,890,", 1),
                     encoding="utf-8")
    assert build(root, root / "pelicanconf.py", output, options=BuildOptions(serial=True)) == 0
    assert rendered == ["datasets/hotline-12345-monthly/index.html"]
    assert "890" in (output / rendered[0]).read_text(encoding="utf-8")
