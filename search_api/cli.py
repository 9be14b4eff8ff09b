"""`styrgraf` command line: ingest, validate, sparql, export, remove, info, serve, gaps, search.

Each command module exports a function that adds its subparser and names the handler that
runs it (`set_defaults(run=...)`); `build_parser` lists those functions, so this module is the
one place that knows every command and no command module imports it back. Every expected
failure prints one line to stderr and exits with the code search_api/errors.py assigns (2 for
bad input); no tracebacks unless STYRGRAF_DEBUG=1.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TypeAlias, cast

from graph.errors import ValidationFailed
from graph.pipeline import count_entities
from graph.settings import Settings
from ingest.errors import QueryError
from search_api import cli_output
from search_api.core import EXPORT_FORMATS, Styrgraf
from search_api.errors import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_VIOLATIONS, exit_code
from search_api.gaps.cli import add_gaps_command
from search_api.search.command import add_search_command, ensure_index

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse prints two)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr, flush=True)


def cmd_ingest(app: Styrgraf, args: argparse.Namespace) -> int:
    result = app.ingest(
        files=args.files,
        corpus=args.corpus,
        progress=_progress if not args.quiet else (lambda _: None),
    )
    # Classes a document kind never has (målområden in a budget) are left out, not shown as 0.
    counts = ", ".join(
        f"{v} {k}" for k, v in result.counts.items() if v or k in ("Dokument", "triples")
    )
    state = "new version" if result.changed else "unchanged"
    print(f"ingested {len(result.documents)} document(s): {counts}")
    parsed = len(result.parse_warnings)
    print(
        f"graph version {result.version.id} ({state}); {len(result.report.warnings)} warning(s)"
        + (f", {parsed} parse warning(s)" if parsed else "")
    )
    for warning in result.report.warnings:
        print(f"  {warning.describe(app.settings.base_iri)}")
    for text in result.parse_warnings:  # what a document's engine could not read
        print(f"  Parse warning: {text}")
    ensure_index(app, quiet=args.quiet)  # ingest leaves a ready search index
    return EXIT_OK


def cmd_validate(app: Styrgraf, args: argparse.Namespace) -> int:
    report = app.validate(args.files)
    if args.format == "json":
        print(
            json.dumps(
                {
                    "conforms": report.conforms,
                    "results": [
                        {
                            "severity": f.severity,
                            "focus": f.focus,
                            "path": f.path,
                            "message": f.message,
                            "value": f.value,
                        }
                        for f in report.findings
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        print(report.text(app.settings.base_iri))
    return EXIT_OK if report.conforms else EXIT_VIOLATIONS


def cmd_sparql(app: Styrgraf, args: argparse.Namespace) -> int:
    if (args.query is None) == (args.file is None):
        raise QueryError("give a query either as an argument or with -f FILE, not both")
    if args.file is not None:
        try:
            query = Path(args.file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"{args.file}: cannot read the query file ({exc})") from None
    else:
        query = args.query
    sys.stdout.write(cli_output.render(app.sparql(query), args.format))
    return EXIT_OK


def cmd_export(app: Styrgraf, args: argparse.Namespace) -> int:
    data = app.export(args.format)
    if args.output:
        Path(args.output).write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
    return EXIT_OK


def cmd_remove(app: Styrgraf, args: argparse.Namespace) -> int:
    version = app.remove(args.documents)
    print(f"removed {', '.join(args.documents)}; graph version {version.id}")
    ensure_index(app)
    return EXIT_OK


def cmd_info(app: Styrgraf, args: argparse.Namespace) -> int:
    version = app.version
    meta = version.meta()
    info = {
        "version": version.id,
        "documents": meta.get("documents", []),
        "counts": count_entities(app.graph),
        "graphs": meta.get("graphs", {}),
    }
    print(json.dumps(info, ensure_ascii=False, indent=2))
    return EXIT_OK


def serving_core(app: Styrgraf, host: str | None, port: int | None) -> Styrgraf:
    """The core `serve --host/--port` runs: the options are the settings' host and port, so
    a base IRI derived from them (STYRGRAF_BASE_IRI not set) names this server."""
    changes = {k: v for k, v in (("host", host), ("port", port)) if v is not None}
    if not changes:
        return app
    settings = Settings(**{**app.settings.model_dump(exclude_unset=True), **changes})
    return Styrgraf(settings)


def base_iri_mismatch(app: Styrgraf) -> str | None:
    """A warning when the stored graph's IRIs were minted with another base IRI than the one
    this server resolves (ingest and serve must use the same settings)."""
    try:
        stored = app.version.meta().get("base_iri")
    except Exception:  # no graph yet: nothing to compare
        return None
    if stored and stored != app.settings.base_iri:
        return (
            f"warning: the stored graph's IRIs start with {stored} but this server's base IRI "
            f"is {app.settings.base_iri}; ingest again with the same STYRGRAF_BASE_IRI (or "
            "STYRGRAF_HOST and STYRGRAF_PORT) as serve"
        )
    return None


def cmd_serve(app: Styrgraf, args: argparse.Namespace) -> int:
    import uvicorn

    from search_api.app import create_app

    app = serving_core(app, args.host, args.port)
    warning = base_iri_mismatch(app)
    if warning:
        print(f"styrgraf: {warning}", file=sys.stderr)
    uvicorn.run(
        create_app(app),
        host=app.settings.host,
        port=app.settings.port,
        log_level="info",
    )
    return EXIT_OK


def add_graph_commands(sub: Subparsers) -> None:
    """The commands over the stored graph: ingest, validate, sparql, export, remove, info."""
    p = sub.add_parser("ingest", help="parse documents, validate them and store a new version")
    p.add_argument("files", nargs="*", type=Path, help="documents to add or replace")
    p.add_argument("--corpus", type=Path, help="ingest this directory instead (replaces all)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress lines")
    p.set_defaults(run=cmd_ingest)
    p = sub.add_parser("validate", help="SHACL report of the stored graph (or of FILES)")
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(run=cmd_validate)
    p = sub.add_parser("sparql", help="run a read-only SPARQL query")
    p.add_argument("query", nargs="?")
    p.add_argument("-f", "--file", help="read the query from FILE")
    p.add_argument("--format", choices=cli_output.FORMATS, default="table")
    p.set_defaults(run=cmd_sparql)
    p = sub.add_parser("export", help="write the whole graph")
    p.add_argument("--format", choices=list(EXPORT_FORMATS), default="turtle")
    p.add_argument("-o", "--output", help="file to write (default: stdout)")
    p.set_defaults(run=cmd_export)
    p = sub.add_parser("remove", help="remove documents (by id) from the stored graph")
    p.add_argument("documents", nargs="+", help="document ids, e.g. vp-2023-sn-sydvast")
    p.set_defaults(run=cmd_remove)
    sub.add_parser("info", help="current graph version and counts").set_defaults(run=cmd_info)


def add_serve_command(sub: Subparsers) -> None:
    p = sub.add_parser("serve", help="serve the HTTP API")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(run=cmd_serve)


def build_parser() -> argparse.ArgumentParser:
    """The `styrgraf` parser: every command, in the order --help lists them."""
    parser = _Parser(
        prog="styrgraf",
        description="Swedish steering documents as a validated RDF "
        "graph: ingest, validate, query, export, search and serve.",
    )
    # Typed as plain ArgumentParsers for the command modules, which need no more of them.
    sub = cast(
        Subparsers, parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    )
    add_graph_commands(sub)  # this module
    add_serve_command(sub)  # this module
    add_gaps_command(sub)  # search_api/gaps/cli.py
    add_search_command(sub)  # search_api/search/command.py
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        app = Styrgraf(Settings())
        code: int = args.run(app, args)
        return code
    except ValidationFailed as exc:
        print(f"styrgraf: {exc}", file=sys.stderr)
        print(exc.report.text(Settings().base_iri), file=sys.stderr)
        return EXIT_VIOLATIONS
    except BrokenPipeError:  # `styrgraf ... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # the one place errors become exit codes
        if os.environ.get("STYRGRAF_DEBUG"):
            raise
        code = exit_code(exc)
        message = str(exc) if code != EXIT_INTERNAL else f"internal error: {exc!r}"
        print(f"styrgraf: {message}", file=sys.stderr)
        return code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
