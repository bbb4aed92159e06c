"""Click commands: `regwatch classify` (JSONL in -> labels out) and `regwatch label` (operator corrections)."""
from __future__ import annotations

import json

import click

from regwatch.classify import CLASSIFIER_VERSION, classify

OUTPUT_KEYS = ("relevant", "sectors", "plan_type", "status", "level", "region", "issuers", "issuer_names",
               "doc_number")


@click.command("classify")
@click.option("--input", "input_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="JSONL with id, title, text, optional url / published / source.")
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False), help="JSONL to write.")
def classify_command(input_path: str, output_path: str) -> None:
    """Classify releases from a JSONL file (one release per line)."""
    n = 0
    with open(input_path, encoding="utf-8") as fin, open(output_path, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            item = json.loads(line)
            c = classify(item.get("title", ""), item.get("text", ""), url=item.get("url"),
                         source=item.get("source"), published=item.get("published"))
            row = {"id": item.get("id"), **{k: c.labels[k] for k in OUTPUT_KEYS}, "evidence": c.evidence,
                   "classifier_version": CLASSIFIER_VERSION}
            fout.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    click.echo(f"classified {n} releases -> {output_path} ({CLASSIFIER_VERSION})")


@click.command("label")
@click.argument("release_id", type=int, required=False)
@click.option("--set", "assignments", multiple=True, help="label=value (lists comma-separated), repeatable.")
@click.option("--by", "operator", help="Operator name (required with --set).")
@click.option("--export", "export_path", type=click.Path(dir_okay=False), help="Write corrections as JSONL.")
@click.option("--db", "db_url", default=None, help="Database URL (default: settings).")
def label_command(release_id, assignments, operator, export_path, db_url) -> None:
    """Correct a release's labels (regwatch label 12 --set plan_type=action_plan --by NAME) or export them."""
    from regwatch.classify.corrections import apply_correction, export_corrections, parse_assignments
    from regwatch.db import session_scope

    if export_path:
        with session_scope(db_url) as s:
            lines = export_corrections(s)
        with open(export_path, "w", encoding="utf-8") as f:
            f.writelines(line + "\n" for line in lines)
        click.echo(f"exported {len(lines)} corrections -> {export_path}")
        return
    if release_id is None or not assignments or not operator:
        raise click.UsageError("give RELEASE_ID, at least one --set and --by (or --export OUT.jsonl)")
    try:
        with session_scope(db_url) as s:
            row = apply_correction(s, release_id, parse_assignments(list(assignments)), operator)
            click.echo(f"release {release_id}: correction stored as classification {row.id}")
    except (ValueError, LookupError) as e:
        raise click.ClickException(str(e)) from e
