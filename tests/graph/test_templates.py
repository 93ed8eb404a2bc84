"""Statement mapping templates in the real graph: create, versions, audit, name conflicts, detection."""
from __future__ import annotations

import json

import pytest

from app.services import templates
from tests.fixtures_paths import REAL
from tests.unit.test_statement_template import ACME, ACME_LINES, TUNECORE_TEMPLATE, write

STATEMENTS = REAL / "statements"


def audit_events(graph, entity_id: str) -> list[dict]:
    records, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {entityId: $id}) RETURN a.action AS action, a.actor AS actor, a.before AS before, "
        "a.after AS after ORDER BY a.auditId", id=entity_id)
    return [dict(r) for r in records]


def test_create_stores_version_one_with_its_signature_and_an_audit_event(graph):
    created = templates.create(ACME, "ops-user")
    assert created["templateId"] == "TPL-000001"
    assert (created["name"], created["source"], created["version"]) == ("Acme Music DE", "acme_music", 1)
    assert created["spec"]["columns"]["title"] == ["Titel", "Album"]
    assert created["spec"]["thousandsSeparator"] == "."
    assert created["headerColumns"] == ["ISRC", "Titel", "Album", "Künstler", "Land", "Datum", "Menge", "Betrag",
                                        "Nutzung", "Shop"]
    assert [v["version"] for v in created["versions"]] == [1] and created["createdBy"] == "ops-user"
    [event] = audit_events(graph, "TPL-000001")
    assert (event["action"], event["actor"], event["before"]) == ("template.create", "ops-user", None)
    assert json.loads(event["after"])["spec"]["name"] == "Acme Music DE"


def test_a_name_is_taken_case_insensitively_and_nothing_is_written(graph):
    templates.create(ACME, "ops-user")
    with pytest.raises(templates.TemplateExists) as caught:
        templates.create({**ACME, "name": "ACME MUSIC de"}, "ops-user")
    assert caught.value.template_id == "TPL-000001"
    assert templates.list_templates()[1] == 1


def test_an_invalid_template_writes_nothing(graph):
    with pytest.raises(templates.TemplateError) as caught:
        templates.create({**ACME, "columns": {"title": "Titel"}}, "ops-user")
    assert set(caught.value.errors["columns"]) == {"gross"}
    assert set(caught.value.errors["values"]) == {"usageType", "territory"}
    records, _, _ = graph.execute_query("MATCH (n) WHERE n:StatementTemplate OR n:AuditEvent RETURN count(n) AS n")
    assert records[0]["n"] == 0


def test_revise_adds_a_version_only_when_the_document_changes_and_keeps_the_old_ones(graph):
    template_id = templates.create(ACME, "ops-user")["templateId"]
    same, changed = templates.revise(template_id, ACME, "finance-user")
    assert (changed, same["version"]) == (False, 1)
    revised, changed = templates.revise(template_id, {**ACME, "constants": {"currency": "CHF"}}, "finance-user")
    assert (changed, revised["version"], revised["spec"]["constants"]) == (True, 2, {"currency": "CHF"})
    assert [v["version"] for v in revised["versions"]] == [1, 2]
    assert templates.get(template_id, 1)["spec"]["constants"] == {"currency": "EUR", "rightType": "master"}
    assert templates.load(template_id, 1)[1] == 1 and templates.load(template_id)[1] == 2
    with pytest.raises(templates.TemplateNotFound):
        templates.get(template_id, 3)
    with pytest.raises(templates.TemplateNotFound):
        templates.revise("TPL-999999", ACME, "finance-user")
    last = audit_events(graph, template_id)[-1]
    assert (last["action"], last["actor"]) == ("template.revise", "finance-user")
    assert (json.loads(last["before"])["version"], json.loads(last["after"])["version"]) == (1, 2)
    assert json.loads(last["after"])["spec"]["constants"] == {"currency": "CHF"}


def test_renaming_onto_another_templates_name_is_a_conflict(graph):
    first = templates.create(ACME, "ops-user")["templateId"]
    second = templates.create(TUNECORE_TEMPLATE, "ops-user")["templateId"]
    with pytest.raises(templates.TemplateExists) as caught:
        templates.revise(second, {**TUNECORE_TEMPLATE, "name": ACME["name"]}, "ops-user")
    assert caught.value.template_id == first
    assert templates.get(second)["version"] == 1


def test_list_pages_templates_by_id_filtered_by_source(graph):
    for n in range(3):
        templates.create({**ACME, "name": f"Acme {n}"}, "ops-user")
    templates.create(TUNECORE_TEMPLATE, "ops-user")
    items, total = templates.list_templates(skip=1, limit=2)
    assert total == 4 and [i["templateId"] for i in items] == ["TPL-000002", "TPL-000003"]
    items, total = templates.list_templates(source="tunecore")
    assert total == 1 and items[0]["name"] == "TuneCore by template" and items[0]["version"] == 1
    assert "spec" not in items[0]


def test_detect_prefers_adapters_then_the_best_fitting_template(graph, tmp_path):
    acme_file = write(tmp_path / "acme.csv", ACME_LINES)
    assert templates.detect(acme_file).confidence == 0.0  # no template stored yet
    adapter = templates.detect(STATEMENTS / "Tunecore_Test.csv")
    assert (adapter.source, adapter.template_id, adapter.confidence) == ("tunecore", None, 1.0)
    assert adapter.header_columns[:2] == ["Sales Period", "Posted Date"]

    loose = templates.create({**ACME, "name": "Acme loose"}, "ops-user")["templateId"]
    found = templates.detect(acme_file)
    # The template maps 10 of the file's 11 columns (Label is only kept in extra).
    assert (found.template_id, found.source, found.version, found.confidence) == (loose, "acme_music", 1,
                                                                                 round(10 / 11, 4))
    header = found.header_columns
    exact = templates.create({**ACME, "name": "Acme exact", "headerColumns": header}, "ops-user")["templateId"]
    found = templates.detect(acme_file)
    assert (found.template_id, found.name, found.confidence) == (exact, "Acme exact", 1.0)
    assert found.as_dict()["headerColumns"] == header


def test_parser_reads_a_statement_with_the_version_it_was_registered_with(graph, tmp_path):
    template_id = templates.create(ACME, "ops-user")["templateId"]
    templates.revise(template_id, {**ACME, "constants": {"currency": "CHF"}}, "ops-user")
    acme_file = write(tmp_path / "acme.csv", ACME_LINES)
    assert {line.currency for line in templates.parser(template_id, 1)(acme_file)} == {"EUR"}
    assert {line.currency for line in templates.parser(template_id, 2)(acme_file)} == {"CHF"}


def test_cli_add_update_list_show_detect_and_import_with_a_template(graph, tmp_path):
    from click.testing import CliRunner

    from app.cli import main

    runner = CliRunner()
    spec = tmp_path / "acme.json"
    spec.write_text(json.dumps({**ACME, "constants": {"currency": "USD"}}), "utf-8")
    result = runner.invoke(main, ["templates", "add", str(spec)])
    assert result.exit_code == 0, result.output
    assert "TPL-000001 version 1: Acme Music DE (source acme_music)" in result.output
    assert "exists: TPL-000001" in runner.invoke(main, ["templates", "add", str(spec)]).output
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"name": "Bad", "source": "B", "columns": {"title": "T"}}), "utf-8")
    result = runner.invoke(main, ["templates", "add", str(bad)])
    assert result.exit_code == 1 and "columns.gross: required" in result.output
    spec.write_text(json.dumps({**ACME, "constants": {"currency": "USD", "units": 1}}), "utf-8")
    assert "TPL-000001 version 2" in runner.invoke(main, ["templates", "update", "TPL-000001", str(spec)]).output
    assert "(unchanged)" in runner.invoke(main, ["templates", "update", "TPL-000001", str(spec)]).output
    listed = runner.invoke(main, ["templates", "list"]).output
    assert "TPL-000001" in listed and "acme_music" in listed
    shown = runner.invoke(main, ["templates", "show", "TPL-000001", "--version", "1"]).output
    assert json.loads(shown)["constants"] == {"currency": "USD"}
    acme_file = write(tmp_path / "acme.csv", ACME_LINES)
    assert "template TPL-000001 v2 (Acme Music DE)" in runner.invoke(main, ["templates", "detect",
                                                                           str(acme_file)]).output
    result = runner.invoke(main, ["import", "statement", str(acme_file), "--template", "TPL-000001"])
    assert result.exit_code == 0, result.output
    assert "as acme_music" in result.output and "lines read 2" in result.output
