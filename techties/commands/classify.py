"""CLI: `techties classify train|eval|score|apply` (registered by techties.cli).

Exit status of eval/score/train: 0 when at least one document was processed (bad lines are
reported on stderr, one line each, and skipped); 1 when nothing usable was read; 2 for usage errors.
"""

from __future__ import annotations

from pathlib import Path

import typer

classify_app = typer.Typer(help="AI relevance: train, evaluate and apply the classifier.", no_args_is_help=True)

MAX_BAD_SHOWN = 20


def _report_bad(bad: list) -> None:
    for b in bad[:MAX_BAD_SHOWN]:
        typer.echo(f"{b.file}:{b.line}: skipped: {b.error}", err=True)
    if len(bad) > MAX_BAD_SHOWN:
        typer.echo(f"... and {len(bad) - MAX_BAD_SHOWN} more bad lines skipped", err=True)


@classify_app.command("train")
def train_cmd(
    labelled: list[Path] = typer.Option(None, "--labelled", help="labelled-format JSONL(.gz) files"
                                        " (default: ../shared/data/arxiv-ai/*.jsonl.gz)"),
    arxiv: list[Path] = typer.Option(None, "--arxiv", help="arXiv-metadata JSONL(.gz) files, labels from"
                                     " categories (default: ../shared/data/arxiv-recent/…)"),
    output: Path = typer.Option(None, "--output", help="model folder (default: techties/models)"),
    seed: int = typer.Option(13, help="split seed"),
    max_recent_positives: int = typer.Option(1500, help="arXiv-format AI papers added to training"),
    c: float = typer.Option(None, "--C", help="inverse regularisation of the logistic regression"),
    limit: int = typer.Option(None, help="read at most this many labelled documents per file set (tests)"),
    bootstrap: int = typer.Option(1000, help="bootstrap resamples for the confidence intervals"),
) -> None:
    """Train the model; write ai_model.npz and its card (JSON + Markdown)."""
    from techties.classify.model import default_model_dir
    from techties.classify.train import LABELLED_FILES, RECENT_FILE, TrainConfig, train_model, write_model

    labelled = list(labelled) if labelled else [p for p in LABELLED_FILES if p.exists()]
    recent = list(arxiv) if arxiv else ([RECENT_FILE] if RECENT_FILE.exists() else [])
    if not labelled:
        typer.echo("no labelled input: pass --labelled FILE", err=True)
        raise typer.Exit(2)
    cfg = TrainConfig(seed=seed, max_recent_positives=max_recent_positives)
    if c is not None:
        cfg.C = c
    model, card = train_model(labelled, recent, cfg, n_boot=bootstrap, limit=limit)
    if card["bad_lines"]:
        typer.echo(f"{card['bad_lines']} bad input lines skipped", err=True)
    full = write_model(model, card, output or default_model_dir(), labelled, recent)
    t = full["test"]
    typer.echo(f"model {full['model_version']} threshold={full['threshold']:.4f}")
    typer.echo(f"test precision={t['precision']:.3f} recall={t['recall']:.3f} f1={t['f1']:.3f} n={t['n']}")


@classify_app.command("eval")
def eval_cmd(
    input: Path = typer.Option(..., "--input", exists=True, dir_okay=False, help="labelled JSONL(.gz)"),
    threshold: float = typer.Option(None, help="score cut (default: the model card's)"),
    model_dir: Path = typer.Option(None, "--model-dir", help="model folder (default: the shipped model)"),
) -> None:
    """Print a confusion matrix, then `precision=… recall=… f1=… n=…` on the last line."""
    from techties.classify.apply import evaluate_file
    from techties.classify.model import load_model

    res = evaluate_file(input, load_model(model_dir), threshold)
    _report_bad(res.bad)
    if res.n == 0:
        typer.echo(f"{input}: no labelled documents read", err=True)
        raise typer.Exit(1)
    c = res.confusion
    typer.echo("                 predicted AI  predicted not-AI")
    typer.echo(f"actual AI        {c['tp']:>12}  {c['fn']:>16}")
    typer.echo(f"actual not-AI    {c['fp']:>12}  {c['tn']:>16}")
    typer.echo(f"precision={res.precision:.3f} recall={res.recall:.3f} f1={res.f1:.3f} n={res.n}")


@classify_app.command("score")
def score_cmd(
    input: Path = typer.Option(..., "--input", exists=True, dir_okay=False, help="JSONL(.gz), either layout"),
    output: Path = typer.Option(..., "--output", help="CSV to write"),
    threshold: float = typer.Option(None, help="score cut for the label column"),
    model_dir: Path = typer.Option(None, "--model-dir"),
) -> None:
    """Score a file: CSV with id, score, label, method, model_version, true_label."""
    from techties.classify.apply import score_file
    from techties.classify.model import load_model

    res = score_file(input, output, load_model(model_dir), threshold)
    _report_bad(res.bad)
    if res.n == 0:
        typer.echo(f"{input}: no documents read", err=True)
        raise typer.Exit(1)
    typer.echo(f"{res.n} documents scored -> {output}")


@classify_app.command("apply")
def apply_cmd(
    db: Path = typer.Option(None, "--db", help="warehouse (default: $TECHTIES_DB or ~/.techties/warehouse.duckdb)"),
    threshold: float = typer.Option(None, help="score cut for the label column (default: the model card's)"),
    model_dir: Path = typer.Option(None, "--model-dir"),
) -> None:
    """Score every work in the warehouse into ai_scores (replaces this model version's rows)."""
    from techties.classify.apply import apply_to_warehouse
    from techties.classify.model import load_model
    from techties.config import default_db
    from techties.warehouse.store import Warehouse

    clf = load_model(model_dir)
    with Warehouse(db or default_db()) as wh:
        run_id = wh.start_run("classify apply", {"threshold": threshold, "model_version": clf.version}, [])
        try:
            n = apply_to_warehouse(wh, threshold, clf)
        except Exception:
            wh.finish_run(run_id, "failed", 0, 0, 0)
            raise
        wh.finish_run(run_id, "ok", n, n, 0)
    typer.echo(f"{n} works scored with {clf.version}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(classify_app, name="classify")
