"""The Decap configuration is generated from the schema objects the check uses, never written twice."""

from __future__ import annotations

import shutil

import yaml

from support import REPO, copy_site_frame

from gongkai.editor import config as editor_config
from gongkai.model.vocabularies import load_vocabularies


def sample_config(root=REPO, **options):
    inputs, problems = editor_config.load_inputs(root)
    assert [p for p in problems if p.is_error] == []
    return inputs, editor_config.decap_config(inputs, {"name": "proxy", "proxy_url": "/api/v1"}, **options)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def test_every_schema_field_is_in_the_form_with_its_label_hint_and_required_mark():
    inputs, config = sample_config()
    fields = {f["name"]: f for f in collection(config, "disclosures")["fields"]}
    schema = inputs.disclosure_schema
    assert list(fields) == [spec.name for spec in schema.fields] + ["body"]
    for spec in schema.fields:
        assert fields[spec.name]["label"] == spec.title
        assert fields[spec.name]["required"] is bool(spec.constraints.get("required"))
        if spec.description:
            assert fields[spec.name]["hint"].startswith(spec.description)


def test_adding_a_field_to_the_schema_adds_it_to_the_form(tmp_path):
    site = copy_site_frame(tmp_path / "site")
    shutil.copytree(REPO / "content", site / "content")
    schema_file = site / "schemas" / "disclosure.schema.yaml"
    text = schema_file.read_text(encoding="utf-8")
    added = ("  - name: contact_office\n    title: 承办科室\n    type: string\n    description: 负责解答的科室。\n"
             "    constraints: {required: true, enum: [办公室, 政策法规股]}\n  - name: pages\n    title: 页数\n"
             "    type: integer\n")
    schema_file.write_text(text.replace("primaryKey:", added + "primaryKey:"), encoding="utf-8")
    _, config = sample_config(site)
    fields = {f["name"]: f for f in collection(config, "disclosures")["fields"]}
    assert fields["contact_office"] == {"name": "contact_office", "label": "承办科室", "required": True,
                                        "hint": "负责解答的科室。", "widget": "select", "options": ["办公室", "政策法规股"]}
    assert fields["pages"] == {"name": "pages", "label": "页数", "required": False, "widget": "number", "value_type": "int"}


def test_patterns_carry_the_schema_pattern_and_a_chinese_message():
    inputs, config = sample_config()
    fields = {f["name"]: f for f in collection(config, "disclosures")["fields"]}
    pattern, message = fields["index_no"]["pattern"]
    assert pattern == inputs.disclosure_schema.by_name["index_no"].constraints["pattern"]
    assert message.startswith("“索引号”的格式不对。全站唯一的索引号")
    assert fields["title"]["pattern"] == ["^[\\s\\S]{1,200}$", "“标题”要写 1 到 200 个字。"]
    assert fields["summary"]["widget"] == "text"
    assert fields["summary"]["pattern"] == ["^[\\s\\S]{0,300}$", "“内容概述”最多 300 个字。"]


def test_choices_come_from_the_vocabularies_and_agencies():
    inputs, config = sample_config()
    fields = {f["name"]: f for f in collection(config, "disclosures")["fields"]}
    assert fields["category"]["options"] == inputs.disclosure_schema.by_name["category"].constraints["enum"]
    assert "社会保障" in fields["category"]["options"]  # extended in schemas/vocabularies.yaml
    assert fields["agency"]["widget"] == "select"
    assert [o["value"] for o in fields["agency"]["options"]] == sorted(a.id for a in inputs.agencies)
    assert fields["agency"]["options"][0]["label"] == "清溪县12345政务服务便民热线中心（qx-12345）"
    assert fields["disclosure"]["default"] == "主动公开" and fields["validity"]["default"] == "有效"
    for name in ("supersedes", "interprets"):  # foreign keys to the catalogue itself
        assert {k: fields[name][k] for k in ("widget", "collection", "value_field", "multiple")} == {
            "widget": "relation", "collection": "disclosures", "value_field": "index_no", "multiple": True}
    assert fields["keywords"]["widget"] == "list" and "fields" not in fields["keywords"]


def test_dates_are_date_pickers_that_write_iso_days():
    _, config = sample_config()
    for field in collection(config, "disclosures")["fields"]:
        if field["name"] in ("written", "published", "effective", "expires"):
            assert {k: field[k] for k in ("widget", "format", "date_format", "time_format")} == {
                "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
            assert "default" not in field  # never filled in with today


def test_attachments_upload_into_content_attachments_with_the_checks_type_list():
    inputs, config = sample_config()
    attachments = next(f for f in collection(config, "disclosures")["fields"] if f["name"] == "attachments")
    file, title = attachments["fields"]
    assert file["widget"] == "file" and file["media_folder"].startswith("/content/attachments/")
    vocabularies, _ = load_vocabularies(REPO)
    allowed = "、".join(sorted(vocabularies.attachment_types))
    assert f"允许的类型：{allowed}。" in file["hint"]
    assert "exe" not in file["hint"]
    assert title["name"] == "title" and title["required"] is False


def test_new_items_land_in_a_year_folder_with_a_lower_case_index_no_name():
    _, config = sample_config()
    disclosures = collection(config, "disclosures")
    assert (disclosures["folder"], disclosures["path"], disclosures["slug"], disclosures["extension"]) == (
        "content/disclosures", "{{year}}/{{slug}}", "{{fields.index_no | lower}}", "md")
    assert disclosures["delete"] is False


def test_every_dataset_is_one_file_entry_with_the_portal_keys():
    inputs, config = sample_config()
    datasets = collection(config, "datasets")
    names = sorted(p.name for p in (REPO / "datasets").iterdir() if (p / "datapackage.yaml").is_file())
    assert [f["name"] for f in datasets["files"]] == names
    entry = next(f for f in datasets["files"] if f["name"] == "hotline-12345-monthly")
    assert entry["label"] == "清溪县12345政务服务便民热线月度统计"
    assert entry["file"] == "datasets/hotline-12345-monthly/datapackage.yaml"
    fields = {f["name"]: f for f in entry["fields"]}
    assert list(fields) == list(editor_config.DATASET_KEYS) + ["resources"]
    assert fields["update_frequency"]["options"][0] == {"label": "每日", "value": "daily"}
    assert fields["publisher"]["options"] == next(
        f for f in collection(config, "disclosures")["fields"] if f["name"] == "agency")["options"]
    resource = {f["name"]: f for f in fields["resources"]["fields"]}
    assert resource["path"]["widget"] == "file" and resource["path"]["media_folder"] == "data"
    assert fields["resources"]["allow_add"] is False and fields["resources"]["allow_remove"] is False


def test_config_yml_is_yaml_written_from_the_data():
    _, config = sample_config()
    assert yaml.safe_load(editor_config.render(config)) == config
    assert config["locale"] == "zh_Hans"
