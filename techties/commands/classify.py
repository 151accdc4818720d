"""CLI: `techties classify train|eval|score|apply` (registered by techties.cli).

Exit status of eval/score/train: 0 when at least one document was processed (bad lines are
reported on stderr, one line each, and skipped); 1 when nothing usable was read; 2 for usage errors.
"""

from __future__ import annotations

from pathlib import Path

import typer

from techties.classify.areas import AREAS
from techties.config import DB_HELP
from techties.errors import EXIT_INPUT, UsageError

AREA_NAMES = tuple(AREAS)

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
    max_recent_positives: int = typer.Option(0, help="arXiv-format AI papers added to training with all"
                                             " its non-AI papers (0: none)"),
    cv_results: Path = typer.Option(None, "--cv-results",
                                    help="JSON from bench/classify_cv.py --json, copied into the card"),
    c: float = typer.Option(None, "--C", help="inverse regularisation of the logistic regression"),
    limit: int = typer.Option(None, help="read at most this many labelled documents per file set (tests)"),
    bootstrap: int = typer.Option(1000, help="bootstrap resamples for the confidence intervals"),
    area: str = typer.Option("ai", "--area", help="area to train: " + ", ".join(AREA_NAMES)
                             + "; all: every area but ai, reading the arXiv files once"),
    learner: str = typer.Option(None, "--learner", help="svm (default), nbsvm or lr"),
    precise: bool = typer.Option(False, "--precise", help="train the precise path instead (needs torch:"
                                 " pip install 'techties\\[precise]'; about an hour on 2 busy cores)"),
    cache: Path = typer.Option(None, "--cache", help="--precise: folder for the cached lower-layer states"),
) -> None:
    """Train an area's model; write AREA_model.npz and its card (JSON + Markdown)."""
    from techties.classify.model import default_model_dir
    from techties.classify.train import LABELLED_FILES, RECENT_FILE, TrainConfig, train_model, write_model

    if precise:
        _train_precise(area, seed, output, cache, limit, bootstrap)
        return
    if area != "all":
        _check_area(area)
    if learner is not None and learner not in ("svm", "nbsvm", "lr"):
        raise UsageError(f"--learner {learner!r}: use svm, nbsvm or lr")
    if area != "ai":
        _train_area(area, list(arxiv) if arxiv else None, output, seed, c, learner, limit, bootstrap)
        return

    labelled = list(labelled) if labelled else [p for p in LABELLED_FILES if p.exists()]
    recent = list(arxiv) if arxiv else ([RECENT_FILE] if RECENT_FILE.exists() else [])
    if not labelled:
        typer.echo("no labelled input: pass --labelled FILE", err=True)
        raise typer.Exit(2)
    cfg = TrainConfig(seed=seed, max_recent_positives=max_recent_positives)
    if c is not None:
        cfg.C = c
    if learner is not None:
        cfg.learner = learner
    model, card = train_model(labelled, recent, cfg, n_boot=bootstrap, limit=limit)
    if cv_results is not None:
        import json

        card["cross_validation"] = json.loads(cv_results.read_text())
    if card["bad_lines"]:
        typer.echo(f"{card['bad_lines']} bad input lines skipped", err=True)
    full = write_model(model, card, output or default_model_dir(), labelled, recent)
    t = full["test"]
    typer.echo(f"model {full['model_version']} threshold={full['threshold']:.4f}")
    typer.echo(f"test precision={t['precision']:.3f} recall={t['recall']:.3f} f1={t['f1']:.3f} n={t['n']}")


def _train_precise(area: str, seed: int, output: Path | None, cache: Path | None, limit: int | None,
                   bootstrap: int) -> None:
    from techties.classify.model import default_model_dir
    from techties.classify.precise import require_precise

    if area != "ai":
        raise UsageError(f"--precise: only the ai area has a precise path, not {area[:40]!r}")
    require_precise()
    from techties.classify.precise_train import PreciseConfig, train_precise

    card = train_precise(PreciseConfig(seed=seed, limit=limit), output or default_model_dir(), cache, bootstrap)
    d, dp = card["test"]["default"], card["test"]["default+precise"]
    typer.echo(f"model {card['model_version']} band=[{card['band'][0]:.2f}, {card['band'][1]:.2f}]"
               f" band share={card['test']['band_share']:.3f}")
    typer.echo(f"test default f1={d['f1']:.3f}; default+precise precision={dp['precision']:.3f}"
               f" recall={dp['recall']:.3f} f1={dp['f1']:.3f} n={dp['n']}")


def _threshold(value: float | None) -> float | None:
    """`--threshold`, as `screen --threshold`: a finite score in [0, 1] (exit 2 otherwise). `apply
    --threshold -3` labelled every work AI in the warehouse, and `nan` none, with exit 0."""
    from techties.screen.match import screening_threshold

    return screening_threshold(value)


def _check_area(area: str) -> None:
    if area not in AREA_NAMES:
        raise UsageError(f"--area {area[:40]!r}: use one of {', '.join(AREA_NAMES)}")


def _train_area(area: str, files: list[Path] | None, output: Path | None, seed: int, c: float | None,
                learner: str | None, limit: int | None, bootstrap: int) -> None:
    from techties.classify.model import default_model_dir
    from techties.classify.train import ARXIV_FILES, area_config, prepare_area_data, train_area, write_model

    files = files or [p for p in ARXIV_FILES if p.exists()]
    if not files:
        raise UsageError("no arXiv input: pass --arxiv FILE")
    overrides: dict = {"seed": seed}
    if c is not None:
        overrides["C"] = c
    if learner is not None:
        overrides["learner"] = learner
    areas = [a for a in AREA_NAMES if a != "ai"] if area == "all" else [area]
    data = prepare_area_data(files, area_config(**overrides), limit)
    for name in areas:
        try:
            model, card = train_area(files, name, area_config(**overrides), n_boot=bootstrap, data=data)
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        if card["bad_lines"]:
            typer.echo(f"{card['bad_lines']} bad input lines skipped", err=True)
        full = write_model(model, card, output or default_model_dir(), [], files)
        t = full["test"]
        typer.echo(f"model {full['model_version']} threshold={full['threshold']:.4f}")
        typer.echo(f"test precision={t['precision']:.3f} recall={t['recall']:.3f} f1={t['f1']:.3f} n={t['n']}")


def _load(model_dir: Path | None, area: str, precise: bool = False):
    from techties.classify.model import load_model

    _check_area(area)
    try:
        clf = load_model(model_dir, area)
    except FileNotFoundError as exc:
        raise UsageError(str(exc)) from None
    if not precise:
        return clf
    from techties.classify.precise import load_precise_classifier

    return load_precise_classifier(model_dir, area, base=clf)


AREA_OPTION = typer.Option("ai", "--area", help="area whose model to use: " + ", ".join(AREA_NAMES))
PRECISE_OPTION = typer.Option(False, "--precise", help="re-score the uncertain band with the fine-tuned"
                              " transformer (needs torch: pip install 'techties\\[precise]')")


@classify_app.command("eval")
def eval_cmd(
    input: Path = typer.Option(..., "--input", help="labelled JSONL(.gz)"),  # missing: exit 4, as every input
    threshold: float = typer.Option(None, help="score cut (default: the model card's)"),
    model_dir: Path = typer.Option(None, "--model-dir", help="model folder (default: the shipped model)"),
    area: str = AREA_OPTION,
    precise: bool = PRECISE_OPTION,
) -> None:
    """Print a confusion matrix, then `precision=… recall=… f1=… n=…` on the last line.

    For an area other than ai, arXiv-layout labels are read from the area's categories."""
    from techties.classify.apply import evaluate_file

    res = evaluate_file(input, _load(model_dir, area, precise), _threshold(threshold))
    _report_bad(res.bad)
    if res.n == 0:
        typer.echo(f"error: {input}: no labelled documents read", err=True)
        raise typer.Exit(EXIT_INPUT)  # an input that cannot be used (README); it was 1, the status of a bug
    c = res.confusion
    name = "AI" if area == "ai" else area
    w0, w1, w2 = max(17, len(name) + 12), max(12, len(name) + 10), max(16, len(name) + 14)
    typer.echo(f"{'':{w0}}{'predicted ' + name:>{w1}}  {'predicted not-' + name:>{w2}}")
    typer.echo(f"{'actual ' + name:<{w0}}{c['tp']:>{w1}}  {c['fn']:>{w2}}")
    typer.echo(f"{'actual not-' + name:<{w0}}{c['fp']:>{w1}}  {c['tn']:>{w2}}")
    typer.echo(f"precision={res.precision:.3f} recall={res.recall:.3f} f1={res.f1:.3f} n={res.n}")


@classify_app.command("score")
def score_cmd(
    input: Path = typer.Option(..., "--input", help="JSONL(.gz), either layout"),
    output: Path = typer.Option(..., "--output", help="CSV to write"),
    threshold: float = typer.Option(None, help="score cut for the label column"),
    model_dir: Path = typer.Option(None, "--model-dir", help="model folder (default: the shipped model)"),
    area: str = AREA_OPTION,
    precise: bool = PRECISE_OPTION,
) -> None:
    """Score a file: CSV with id, score, label, method, model_version, true_label."""
    from techties.classify.apply import score_file
    from techties.config import output_file

    output = output_file(output, "--output", "CSV file", "scores.csv", makes_folder=True)  # a folder: exit 2
    res = score_file(input, output, _load(model_dir, area, precise), _threshold(threshold))
    _report_bad(res.bad)
    if res.n == 0:
        typer.echo(f"error: {input}: no documents read", err=True)
        raise typer.Exit(EXIT_INPUT)  # an input that cannot be used (README)
    typer.echo(f"{res.n} documents scored -> {output}")


@classify_app.command("apply")
def apply_cmd(
    db: Path = typer.Option(None, "--db", help=DB_HELP),
    threshold: float = typer.Option(None, help="score cut for the label column (default: the model card's)"),
    model_dir: Path = typer.Option(None, "--model-dir", help="model folder (default: the shipped model)"),
    area: str = AREA_OPTION,
    precise: bool = PRECISE_OPTION,
) -> None:
    """Score every work in the warehouse into ai_scores under the area (replaces this model
    version's rows)."""
    from techties.classify.apply import apply_to_warehouse
    from techties.config import existing_db
    from techties.warehouse.store import Warehouse

    threshold = _threshold(threshold)
    clf = _load(model_dir, area, precise)
    # it must exist, as for every command that writes into a warehouse: a mistyped --db made a new, empty one
    with Warehouse(existing_db(db)) as wh:
        run_id = wh.start_run("classify apply", {"threshold": threshold, "model_version": clf.version,
                                                 "area": clf.area}, [])
        try:
            n = apply_to_warehouse(wh, threshold, clf)
        except Exception:
            wh.finish_run(run_id, "failed", 0, 0, 0)
            raise
        total = wh.con.execute("SELECT count(*) FROM works").fetchone()[0]
        wh.finish_run(run_id, "ok", total, n, 0)
    textless = f"; {total - n} without title or abstract left unclassified (nothing to read)" if total > n else ""
    typer.echo(f"{n} works scored with {clf.version}{textless}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the main app."""
    app.add_typer(classify_app, name="classify")
