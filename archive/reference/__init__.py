"""Reference data shipped with the project: the issue taxonomy, the actor gazetteer, the outlet registry
and the chronology of known exchanges.

Loading creates what is missing and leaves alone what exists, so editors' changes made in the
admin survive `make run`; `update=True` rewrites existing rows from the files.
"""
import json
from datetime import date
from pathlib import Path

from django.db import transaction

HERE = Path(__file__).resolve().parent
ISSUES_FILE = HERE / "issues.json"
GAZETTEER_FILE = HERE / "gazetteer.json"
OUTLETS_FILE = HERE / "outlets.json"
CHRONOLOGY_FILE = HERE / "chronology.json"


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def shipped_knowledge():
    """What the extractor knows, as shipped (no database): gazetteer, taxonomy, outlets, chronology."""
    from archive.extraction.data import Knowledge

    return Knowledge.from_reference(_read(GAZETTEER_FILE), _read(ISSUES_FILE), _read(OUTLETS_FILE), shipped_chronology())


def shipped_chronology():
    """The known exchanges of chronology.json (reference data the extractor dates open years by)."""
    return _read(CHRONOLOGY_FILE)


def _date(value):
    return date.fromisoformat(value) if value else None


@transaction.atomic
def load_reference(update=False):
    """Load issues, offices and actors with their roles; returns counts of created rows."""
    from archive.models import Actor, Issue, Office, Role

    created = {"issues": 0, "offices": 0, "actors": 0, "roles": 0, "outlets": 0}

    def upsert(model, slug, values):
        if update:
            _, new = model.objects.update_or_create(slug=slug, defaults=values)
        else:
            _, new = model.objects.get_or_create(slug=slug, defaults=values)
        return new

    for item in _read(ISSUES_FILE):
        created["issues"] += upsert(Issue, item["slug"], {
            "name_en": item["name_en"], "name_vi": item["name_vi"],
            "description": item.get("description", ""), "cues": "\n".join(item["cues"]),
        })

    created["outlets"] = load_outlets(update)

    gazetteer = _read(GAZETTEER_FILE)
    offices = {}
    for item in gazetteer["offices"]:
        created["offices"] += upsert(Office, item["slug"], {
            "side": item["side"], "name": item["name"], "name_en": item["name_en"],
            "cues": "\n".join(item.get("cues", [])),
        })
        offices[item["slug"]] = Office.objects.get(slug=item["slug"])

    for item in gazetteer["actors"]:
        new = upsert(Actor, item["slug"], {
            "name": item["name"], "name_en": item["name_en"], "side": item["side"],
            "aliases": "\n".join(item.get("aliases", [])),
            # Only a known identifier is written: reloading never blanks one an editor filled in.
            **({"wikidata": item["wikidata"]} if item.get("wikidata") else {}),
        })
        created["actors"] += new
        if not (new or update):
            continue
        actor = Actor.objects.get(slug=item["slug"])
        for role in item.get("roles", []):
            office = offices[role["office"]]
            _, role_new = Role.objects.update_or_create(
                actor=actor, office=office, start=_date(role.get("start")),
                defaults={
                    "end": _date(role.get("end")),
                    "title": role.get("title") or office.name,
                    "title_en": role.get("title_en") or office.name_en,
                },
            )
            created["roles"] += role_new
    created["chronology"] = load_chronology(update)
    return created


def load_chronology(update=False):
    """The chronology of known exchanges, each entry once (by date and label); returns how many were created.

    In bulk (a handful of queries for the 255 entries): the test suite loads it for every test that
    needs the reference data.
    """
    from archive.models import Actor, KnownExchange

    actors = dict(Actor.objects.values_list("slug", "pk"))
    items = {(_date(i["date"]), i["label"][:200]): i for i in shipped_chronology()}
    existing = {(e.event_date, e.label): e for e in KnownExchange.objects.all()}

    def values(item):
        return {"kind": item["kind"], "venue": item.get("venue") or "", "venue_vi": item.get("venue_vi") or "",
                "source": (item.get("source") or "")[:500]}

    new = [KnownExchange(event_date=key[0], label=key[1], **values(item))
           for key, item in items.items() if key not in existing]
    KnownExchange.objects.bulk_create(new)  # primary keys come back on PostgreSQL and SQLite alike
    touched = {(e.event_date, e.label): e for e in new}
    if update:
        changed = []
        for key, entry in existing.items():
            if key in items:
                for field, value in values(items[key]).items():
                    setattr(entry, field, value)
                changed.append(entry)
        KnownExchange.objects.bulk_update(changed, ["kind", "venue", "venue_vi", "source"])
        touched.update({key: e for key, e in existing.items() if key in items})
    for side in ("cn", "us"):
        through = getattr(KnownExchange, side).through
        through.objects.filter(knownexchange_id__in=[e.pk for e in touched.values()]).delete()
        through.objects.bulk_create([
            through(knownexchange_id=entry.pk, actor_id=actors[slug])
            for key, entry in touched.items() if key in items
            for slug in items[key].get(side, []) if slug in actors
        ])
    if new or update:
        KnownExchange.history.bulk_history_create(list(touched.values()))
    return len(new)


def chronology_of(entries):
    """KnownExchange rows (with cn and us prefetched) in the shape of chronology.json, for the extractor."""
    return [
        {"date": e.event_date.isoformat(), "kind": e.kind, "cn": [a.slug for a in e.cn.all()],
         "us": [a.slug for a in e.us.all()], "venue": e.venue or None, "venue_vi": e.venue_vi or None, "label": e.label}
        for e in entries
    ]


def load_outlets(update=False):
    """The outlet registry: each outlet once, with its marks and domain.

    Outlets the archive made from a mark before it knew the registry ("VOV.VN", "TTO") are folded
    into the registry's outlet, their articles with them, so that no outlet is listed twice.
    """
    from archive.extraction.data import OutletDef
    from archive.extraction.outlets import OutletRegistry
    from archive import facets
    from archive.models import Article, Outlet

    created = 0
    for item in _read(OUTLETS_FILE):
        values = {"name": item["name"], "domain": item.get("domain", ""), "marks": "\n".join(item.get("marks", [])),
                  "url": f"https://{item['domain']}/" if item.get("domain") else ""}
        outlet = Outlet.objects.filter(slug=item["slug"]).first()
        if outlet is None:
            # A namesake made from a mark becomes the registry's outlet.
            outlet = Outlet.objects.filter(name=item["name"]).first()
            if outlet is None:
                Outlet.objects.create(slug=item["slug"], **values)
                created += 1
                continue
            outlet.slug = item["slug"]
            update = True
        if update or not outlet.marks:
            for field, value in values.items():
                setattr(outlet, field, value)
            outlet.save()
    registry = OutletRegistry(OutletDef(**o) for o in knowledge_outlets(Outlet.objects.exclude(marks="")))
    canonical = {o.slug: o for o in Outlet.objects.exclude(marks="")}
    folded = False
    for stray in Outlet.objects.filter(marks=""):
        found = registry.resolve(stray.name)
        if found is not None and found.slug != stray.slug:
            moved = list(Article.objects.filter(outlet=stray).values_list("pk", flat=True))
            Article.objects.filter(pk__in=moved).update(outlet=canonical[found.slug])
            facets.mark_articles(moved)
            stray.delete()
            folded = True
    if folded:
        from archive import pagecache

        pagecache.bump()  # update() sends no signals: public pages naming the old outlet must render anew
    return created


def knowledge_outlets(outlets):
    """Outlet rows in the shape Knowledge.from_reference() takes."""
    return [{"slug": o.slug, "name": o.name, "domain": o.domain, "marks": tuple(o.mark_list)} for o in outlets]
