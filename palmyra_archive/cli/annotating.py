"""``tag``, ``untag``, ``annotate``, ``unannotate``, ``annotations``, ``note``, ``tags``,
``collections``: the researcher's own layer over the archive, headless.

Each command calls the same core service the desktop app does. Exit status 1 means what was
asked could not be done (a quote that is not in the text or stands in it more than once, an id
that does not exist), with a sentence on stderr saying why.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import tempfile

from ..core.store.errors import NotFoundError, ValidationError
from ..core.store.records import AnnotationFilter, AnnotationView


def register(subparsers) -> None:
    p = subparsers.add_parser("tag", help="tag an article (tags may be paths: framing/liberation)")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.set_defaults(func=run_tag)

    p = subparsers.add_parser("untag", help="remove tags from an article")
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.set_defaults(func=run_untag)

    p = subparsers.add_parser("annotate", help="highlight a passage of an article, by quoting it")
    p.add_argument("id", type=int, metavar="ID", help="the article")
    p.add_argument("--quote", required=True, help="the exact words (must stand once in the text)")
    p.add_argument("--occurrence", type=int, metavar="N",
                   help="when the quote stands several times, take the Nth")
    p.add_argument("--note", default="", help="a note (Markdown)")
    p.add_argument("--tag", action="append", default=[], dest="tags", metavar="TAG")
    p.add_argument("--color", default="yellow",
                   help="yellow, green, blue, red, orange, purple or grey")
    p.add_argument("--copy", type=int, metavar="COPY_ID", help="annotate this copy of the work")
    p.set_defaults(func=run_annotate)

    p = subparsers.add_parser("unannotate", help="delete an annotation (--restore brings it back)")
    p.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    p.add_argument("--restore", action="store_true", help="undo an earlier delete")
    p.set_defaults(func=run_unannotate)

    p = subparsers.add_parser("annotations", help="list annotations across the archive")
    p.add_argument("--tag", help="only with this tag (its children count)")
    p.add_argument("--article", type=int, metavar="ID")
    p.add_argument("--color")
    p.add_argument("--text", default="", help="only where the quote or the note contains this")
    p.add_argument("--orphans", action="store_true",
                   help="only those whose passage could not be found in a new version")
    p.add_argument("--json", action="store_true", help="print a W3C AnnotationCollection")
    p.set_defaults(func=run_annotations)

    p = subparsers.add_parser("note", help="print or set an article's note (Markdown)")
    p.add_argument("id", type=int, metavar="ID")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", dest="text", metavar="TEXT", help="replace the note ('' clears it)")
    group.add_argument("--edit", action="store_true", help="edit the note in $EDITOR")
    p.set_defaults(func=run_note)

    p = subparsers.add_parser(
        "tags", help="the tag tree with counts; rename OLD NEW | move PATH PARENT | "
                     "merge FROM INTO | delete PATH | color PATH COLOR")
    p.add_argument("action", nargs="?", choices=TAG_ACTIONS)
    p.add_argument("paths", nargs="*", metavar="ARG")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=run_tags)

    p = subparsers.add_parser("collections", help="list collections; 'add NAME ID…' files articles")
    p.add_argument("action", nargs="?", choices=("add", "remove"))
    p.add_argument("name", nargs="?", metavar="NAME")
    p.add_argument("ids", nargs="*", type=int, metavar="ID")
    p.set_defaults(func=run_collections)


def run_tag(args: argparse.Namespace, archive) -> int:
    print(archive.tags.add_to_articles([args.id], args.tags).message)
    print(f"{args.id}: " + ", ".join(archive.tags.for_article(args.id)))
    return 0


def run_untag(args: argparse.Namespace, archive) -> int:
    print(archive.tags.remove_from_articles([args.id], args.tags).message)
    return 0


def run_annotate(args: argparse.Namespace, archive) -> int:
    changes = archive.annotations.create_from_quote(
        args.id, args.quote, copy_id=args.copy, occurrence=args.occurrence, note=args.note,
        tags=args.tags, color=args.color)
    view = archive.annotations.get(changes.created_id)
    print(f"Annotation {view.id} on article {view.article_id}, characters "
          f"{view.start}–{view.end}: “{view.exact}”")
    return 0


def run_unannotate(args: argparse.Namespace, archive) -> int:
    manager = archive.annotations
    changes = manager.restore(args.annotation_id) if args.restore else manager.delete(args.annotation_id)
    print(changes.message)
    return 0


def run_annotations(args: argparse.Namespace, archive) -> int:
    if args.tag and archive.tags.find(args.tag) is None:
        raise NotFoundError(f"There is no tag '{args.tag}'.")
    views = archive.annotations.list(AnnotationFilter(
        tag=args.tag, article_id=args.article, color=args.color, text=args.text,
        anchor_status="orphan" if args.orphans else None))
    if args.json:
        print(json.dumps(archive.annotations.to_w3c([v.id for v in views]),
                         ensure_ascii=False, indent=2))
        return 0
    for view in views:
        print(_line(view))
    print(f"{len(views)} annotation(s)")
    return 0


def _line(view: AnnotationView) -> str:
    quote = " ".join(view.exact.split())
    quote = quote if len(quote) <= 70 else quote[:69] + "…"
    parts = [f"#{view.id}", f"article {view.article_id}", f"[{view.color}]", f"“{quote}”"]
    if view.anchor_status != "anchored":
        parts.append(f"({view.anchor_status})")
    if view.tags:
        parts.append(" ".join(f"#{t}" for t in view.tags))
    if view.note:
        parts.append("— " + " ".join(view.note.split())[:60])
    return "  ".join(parts)


def run_note(args: argparse.Namespace, archive) -> int:
    if args.text is not None:
        print(archive.notes.set_article_note(args.id, args.text).message)
    elif args.edit:
        text = _edit_in_editor(archive.notes.article_note(args.id))
        print(archive.notes.set_article_note(args.id, text).message)
    else:
        note = archive.notes.article_note(args.id)
        print(note if note else f"Article {args.id} has no note yet.")
    return 0


def _edit_in_editor(text: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w+", suffix=".md", encoding="utf-8", delete=False) as fh:
        fh.write(text)
        path = fh.name
    try:
        if subprocess.call([*shlex.split(editor), path]) != 0:
            raise ValidationError(f"The editor ({editor}) failed; the note was not changed.")
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    finally:
        os.unlink(path)


#: tags ACTION -> number of arguments it takes
TAG_ACTIONS = {"rename": 2, "move": 2, "merge": 2, "delete": 1, "color": 2}


def _tag_id(archive, path: str) -> int:
    tag = archive.tags.find(path)
    if tag is None:
        raise NotFoundError(f"There is no tag '{path}'.")
    return tag.id


def run_tag_action(args: argparse.Namespace, archive) -> int:
    wanted = TAG_ACTIONS[args.action]
    if len(args.paths) != wanted:
        raise ValidationError(f"'tags {args.action}' takes {wanted} argument(s).")
    tags, first = archive.tags, _tag_id(archive, args.paths[0])
    if args.action == "rename":
        changes = tags.rename(first, args.paths[1])
    elif args.action == "move":
        changes = tags.move(first, args.paths[1] or None)
    elif args.action == "merge":
        changes = tags.merge(first, _tag_id(archive, args.paths[1]))
    elif args.action == "delete":
        changes = tags.delete(first)
    else:
        changes = tags.set_color(first, None if args.paths[1] in ("", "none") else args.paths[1])
    print(changes.message)
    return 0


def run_tags(args: argparse.Namespace, archive) -> int:
    if args.action:
        return run_tag_action(args, archive)
    tags = archive.tags.all()
    if args.json:
        print(json.dumps([{"id": t.id, "path": t.path, "color": t.color, "namespace": t.namespace,
                           "articles": t.article_count, "annotations": t.annotation_count}
                          for t in tags], ensure_ascii=False, indent=2))
        return 0
    for namespace, heading in (("user", "Your tags"), ("site", "Site tags")):
        group = [t for t in tags if t.namespace == namespace]
        if not group:
            continue
        print(heading)
        shown = {t.path for t in group}
        for tag in group:
            for ancestor in _missing_ancestors(tag.path, shown):
                print("  " * (ancestor.count("/") + 1) + ancestor.rsplit("/", 1)[-1])
            indent = "  " * (tag.path.count("/") + 1)
            colour = f" [{tag.color}]" if tag.color else ""
            print(f"{indent}{tag.name}{colour}  ({tag.article_count} article(s), "
                  f"{tag.annotation_count} annotation(s))")
    if not tags:
        print("No tags yet: try 'palmyra-archive tag ID framing/liberation'.")
    return 0


def _missing_ancestors(path: str, shown: set[str]) -> list[str]:
    """Ancestors with no tag row (the importer's site tags): printed once, as headings."""
    parts = path.split("/")
    missing = []
    for i in range(1, len(parts)):
        ancestor = "/".join(parts[:i])
        if ancestor not in shown:
            shown.add(ancestor)
            missing.append(ancestor)
    return missing


def run_collections(args: argparse.Namespace, archive) -> int:
    if args.action:
        if not args.name or not args.ids:
            raise ValidationError(f"Usage: collections {args.action} NAME ID…")
        info = archive.collections.find(args.name)
        if info is None and args.action == "remove":
            raise NotFoundError(f"There is no collection called “{args.name}”.")
        collection_id = info.id if info else archive.collections.create(args.name).created_id
        manager = archive.collections
        changes = (manager.add if args.action == "add" else manager.remove)(collection_id, args.ids)
        print(changes.message)
        return 0
    collections = archive.collections.all()
    for info in collections:
        print(f"{info.name}  ({info.count} article(s))")
    if not collections:
        print("No collections yet: try 'palmyra-archive collections add NAME ID…'.")
    return 0
