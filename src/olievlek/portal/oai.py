"""OAI-PMH 2.0 at ``/oai/``: national repositories harvest the portal's public products.

One item per :class:`~olievlek.portal.models.PublishedObject` that was ever public, with the
identifier ``oai:<host of SITE_URL>:product/<id>`` and one metadata format, ``oai_dc``
(simple Dublin Core): title, creator (makers with a profile only, as on the portal),
subject (themes), description, publisher (the network), date, type, identifier (the
product's portal page), language, relation (the public products it is based on) and rights
(the Creative Commons licence URL). Sets are the networks (``setSpec`` = the network's slug).

Datestamps have second granularity. A record's datestamp moves only when what it
disseminates changes: :func:`refresh` (run by :func:`olievlek.portal.search.index_product`,
so by every workflow that re-indexes a product and by ``olievlek portal reindex``) compares a
digest of the record with the stored one.

Deleted records: ``transient``. A product that is made non-public (or whose network leaves
the portal) stays listed as a deleted record (header ``status="deleted"``, no metadata) with
the datestamp of that change, as long as its row exists; when the boundary object or the
network itself is deleted, its record goes without trace. Whether a record is deleted is
always decided live by :func:`olievlek.portal.public.products`, so nothing non-public is
ever disseminated, even before a refresh.

Resumption tokens are signed (not guessable or alterable) and hold the request and the last
identifier sent; pages follow the id order, so a harvest returns every record at most once
even when records change meanwhile, and every record that exists throughout exactly once.
They expire after ``TOKEN_HOURS``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from django.conf import settings
from django.core import signing
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import metadata, public
from .models import PublishedObject

NS = "http://www.openarchives.org/OAI/2.0/"
OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
FORMATS = {"oai_dc": ("http://www.openarchives.org/OAI/2.0/oai_dc.xsd", OAI_DC)}

PAGE_SIZE = 100
TOKEN_HOURS = 24
GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
DELETED_RECORD = "transient"
REPOSITORY_NAME = "olievlek portaal"

# verb -> (required arguments, optional arguments); resumptionToken is exclusive.
VERBS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Identify": (frozenset(), frozenset()),
    "ListMetadataFormats": (frozenset(), frozenset({"identifier"})),
    "ListSets": (frozenset(), frozenset()),
    "GetRecord": (frozenset({"identifier", "metadataPrefix"}), frozenset()),
    "ListIdentifiers": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
    "ListRecords": (frozenset({"metadataPrefix"}), frozenset({"from", "until", "set"})),
}
RESUMABLE = frozenset({"ListSets", "ListIdentifiers", "ListRecords"})

_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
_SET = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SECOND = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_EMAIL = re.compile(r"\S+@(\S+\.)+\S+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SALT = "olievlek.portal.oai"

# The protocol's namespace as the default one (no other code writes elements in it).
for _prefix, _uri in (("", NS), ("oai_dc", OAI_DC), ("dc", DC), ("xsi", XSI)):
    ET.register_namespace(_prefix, _uri)


class OaiError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# ---------------------------------------------------------------------------------------------
# Records


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def identifier(pub: PublishedObject) -> str:
    return f"oai:{host()}:product/{pub.pk}"


def _pk_of(oai_id: str) -> int | None:
    match = re.fullmatch(rf"oai:{re.escape(host())}:product/(\d{{1,18}})", oai_id)
    return int(match.group(1)) if match else None


def stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dc_fields(pub: PublishedObject) -> list[tuple[str, str]]:
    """The Dublin Core elements of a public product, in order."""
    obj = pub.object
    fields = [("title", obj.title)]
    fields += [("creator", p.name) for p in public.makers_of(pub)]
    fields += [("subject", t.strip()) for t in obj.themes.split(";") if t.strip()]
    if obj.description:
        fields.append(("description", obj.description))
    fields.append(("publisher", obj.network.name))
    if obj.date:
        fields.append(("date", obj.date.isoformat()))
    with translation.override("nl"):
        fields.append(("type", obj.form or str(obj.get_kind_display())))
    fields.append(("identifier", metadata.absolute(reverse("portal:product", args=[pub.pk]))))
    fields.append(("language", "nl"))
    sources = public.products().filter(object__in=obj.based_on.all()).order_by("pk")
    fields += [("relation", metadata.absolute(reverse("portal:product", args=[s.pk])))
               for s in sources]
    licence = metadata.licence_url(obj.licence)
    if licence:
        fields.append(("rights", licence))
    return fields


def _digest(pub: PublishedObject, live: bool) -> str:
    record = [pub.object.network.slug, dc_fields(pub) if live else "deleted"]
    return hashlib.sha256(json.dumps(record, ensure_ascii=False).encode()).hexdigest()


def refresh(pub: PublishedObject) -> bool:
    """Move the record's datestamp to now when what it disseminates changed (also when it
    became deleted); returns whether it moved. A product never public has no record."""
    live = public.products().filter(pk=pub.pk).exists()
    if not live and pub.datestamp is None:
        return False
    digest = _digest(pub, live)
    if digest == pub.record_digest:
        return False
    pub.datestamp = timezone.now().replace(microsecond=0)
    pub.record_digest = digest
    PublishedObject.objects.filter(pk=pub.pk).update(datestamp=pub.datestamp,
                                                     record_digest=digest)
    return True


def records():
    """Every item with a record (live or deleted), in identifier order."""
    return (PublishedObject.objects.filter(datestamp__isnull=False)
            .select_related("object__network").order_by("pk"))


# ---------------------------------------------------------------------------------------------
# Arguments


def _arguments(data) -> tuple[str, dict[str, str]]:
    verbs = data.getlist("verb")
    if len(verbs) != 1:
        raise OaiError("badVerb", "The verb is repeated." if verbs else "The verb is missing.")
    verb = verbs[0]
    if verb not in VERBS:
        raise OaiError("badVerb", f"Unknown verb: {verb[:100]}")
    args: dict[str, str] = {}
    for key, values in data.lists():
        if key == "verb":
            continue
        if len(values) != 1:
            raise OaiError("badArgument", f"Repeated argument: {key[:100]}")
        args[key] = values[0]
    required, optional = VERBS[verb]
    if "resumptionToken" in args and verb in RESUMABLE:
        if len(args) > 1:
            raise OaiError("badArgument", "resumptionToken is an exclusive argument.")
        return verb, args
    unknown = set(args) - required - optional
    if unknown:
        raise OaiError("badArgument", "Illegal argument: " + ", ".join(sorted(unknown))[:200])
    missing = required - set(args)
    if missing:
        raise OaiError("badArgument", "Missing argument: " + ", ".join(sorted(missing)))
    if "metadataPrefix" in args and not _PREFIX.fullmatch(args["metadataPrefix"]):
        raise OaiError("badArgument", "Illegal metadataPrefix.")
    if "set" in args and not _SET.fullmatch(args["set"]):
        raise OaiError("badArgument", "Illegal set.")
    if "identifier" in args and not re.fullmatch(r"\S{1,500}", args["identifier"]):
        raise OaiError("badArgument", "Illegal identifier.")
    return verb, args


def _datestamp(value: str, *, until: bool) -> tuple[str, dt.datetime]:
    """(granularity, moment) of a from/until argument; a day ``until`` is its last second."""
    try:
        if _DAY.fullmatch(value):
            day = dt.date.fromisoformat(value)
            clock = dt.time(23, 59, 59) if until else dt.time(0, 0, 0)
            return "day", dt.datetime.combine(day, clock, tzinfo=dt.UTC)
        if _SECOND.fullmatch(value):
            return "second", dt.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=dt.UTC)
    except ValueError:
        pass
    raise OaiError("badArgument", f"Not a datestamp of the granularity {GRANULARITY} or "
                                  f"YYYY-MM-DD: {value[:40]}")


def _window(args: dict[str, str]) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = end = None
    kinds = set()
    if "from" in args:
        kind, start = _datestamp(args["from"], until=False)
        kinds.add(kind)
    if "until" in args:
        kind, end = _datestamp(args["until"], until=True)
        kinds.add(kind)
    if len(kinds) > 1:
        raise OaiError("badArgument", "from and until have different granularities.")
    if start and end and start > end:
        raise OaiError("badArgument", "from is later than until.")
    return start, end


# ---------------------------------------------------------------------------------------------
# Responses


def _el(parent: ET.Element, tag: str, text: str | None = None, ns: str = NS,
        **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def _header(parent: ET.Element, pub: PublishedObject, live: bool) -> None:
    header = _el(parent, "header", **({} if live else {"status": "deleted"}))
    _el(header, "identifier", identifier(pub))
    assert pub.datestamp is not None  # records() has only items with a datestamp
    _el(header, "datestamp", stamp(pub.datestamp))
    _el(header, "setSpec", pub.object.network.slug)


def _record(parent: ET.Element, pub: PublishedObject, live: bool) -> None:
    record = _el(parent, "record")
    _header(record, pub, live)
    if not live:
        return
    box = _el(record, "metadata")
    dc = _el(box, "dc", ns=OAI_DC)
    dc.set(f"{{{XSI}}}schemaLocation", f"{OAI_DC} {FORMATS['oai_dc'][0]}")
    for name, value in dc_fields(pub):
        _el(dc, name, value, ns=DC)


def _identify(body: ET.Element, base: str) -> None:
    box = _el(body, "Identify")
    _el(box, "repositoryName", REPOSITORY_NAME)
    _el(box, "baseURL", base)
    _el(box, "protocolVersion", "2.0")
    email = settings.PORTAL_OAI_ADMIN_EMAIL
    _el(box, "adminEmail", email if _EMAIL.fullmatch(email) else email + ".invalid")
    first = (PublishedObject.objects.filter(datestamp__isnull=False)
             .order_by("datestamp").values_list("datestamp", flat=True).first())
    _el(box, "earliestDatestamp", stamp(first or timezone.now()))
    _el(box, "deletedRecord", DELETED_RECORD)
    _el(box, "granularity", GRANULARITY)


def _existing(oai_id: str) -> PublishedObject:
    pk = _pk_of(oai_id)
    pub = records().filter(pk=pk).first() if pk is not None else None
    if pub is None:
        raise OaiError("idDoesNotExist", f"No such item: {oai_id[:200]}")
    return pub


def _formats(body: ET.Element, args: dict[str, str]) -> None:
    if "identifier" in args:
        _existing(args["identifier"])
    box = _el(body, "ListMetadataFormats")
    for prefix, (schema, namespace) in FORMATS.items():
        fmt = _el(box, "metadataFormat")
        _el(fmt, "metadataPrefix", prefix)
        _el(fmt, "schema", schema)
        _el(fmt, "metadataNamespace", namespace)


def _sets(body: ET.Element, args: dict[str, str]) -> None:
    from olievlek.networks.models import Network

    if "resumptionToken" in args:  # every set fits on one page: no token is ever given out
        raise OaiError("badResumptionToken", "This repository gives no tokens for ListSets.")
    networks = list(Network.objects.filter(
        boundary_objects__publication__datestamp__isnull=False).distinct().order_by("slug"))
    if not networks:
        raise OaiError("noSetHierarchy", "No set has records yet.")
    box = _el(body, "ListSets")
    for network in networks:
        item = _el(box, "set")
        _el(item, "setSpec", network.slug)
        _el(item, "setName", network.name)


def _check_prefix(prefix: str) -> None:
    if prefix not in FORMATS:
        raise OaiError("cannotDisseminateFormat", f"Unknown metadata format: {prefix}")


def _get_record(body: ET.Element, args: dict[str, str]) -> None:
    pub = _existing(args["identifier"])
    _check_prefix(args["metadataPrefix"])
    live = public.products().filter(pk=pub.pk).exists()
    _record(_el(body, "GetRecord"), pub, live)


def _token_state(verb: str, args: dict[str, str]) -> dict:
    if "resumptionToken" in args:
        try:
            state = signing.loads(args["resumptionToken"], salt=_SALT,
                                  max_age=dt.timedelta(hours=TOKEN_HOURS))
        except signing.SignatureExpired:
            raise OaiError("badResumptionToken", "The resumptionToken has expired.") from None
        except signing.BadSignature:
            raise OaiError("badResumptionToken", "Not a resumptionToken of this "
                                                 "repository.") from None
        if not isinstance(state, dict) or state.get("verb") != verb:
            raise OaiError("badResumptionToken", "The resumptionToken is for another verb.")
        return state
    _check_prefix(args["metadataPrefix"])
    _window(args)  # raises badArgument
    return {"verb": verb, "prefix": args["metadataPrefix"], "set": args.get("set"),
            "from": args.get("from"), "until": args.get("until"), "after": 0, "cursor": 0,
            "size": None}


def _list(body: ET.Element, verb: str, args: dict[str, str]) -> None:
    state = _token_state(verb, args)
    start, end = _window({k: state[k] for k in ("from", "until") if state.get(k)})
    qs = records()
    if state.get("set"):
        qs = qs.filter(object__network__slug=state["set"])
    if start:
        qs = qs.filter(datestamp__gte=start)
    if end:
        qs = qs.filter(datestamp__lte=end)
    size = state["size"] if state["size"] is not None else qs.count()
    page = list(qs.filter(pk__gt=state["after"])[:PAGE_SIZE + 1])
    if not page:
        raise OaiError("noRecordsMatch", "No records match the request.")
    more = len(page) > PAGE_SIZE
    page = page[:PAGE_SIZE]
    live = set(public.products().filter(pk__in=[p.pk for p in page])
               .values_list("pk", flat=True))
    box = _el(body, verb)
    for pub in page:
        if verb == "ListRecords":
            _record(box, pub, pub.pk in live)
        else:
            _header(box, pub, pub.pk in live)
    cursor = state["cursor"]
    size = max(size, cursor + len(page) + (1 if more else 0))
    attrs = {"completeListSize": str(size), "cursor": str(cursor)}
    if more:
        token = signing.dumps({**state, "after": page[-1].pk, "cursor": cursor + len(page),
                               "size": size}, salt=_SALT, compress=True)
        expires = timezone.now().replace(microsecond=0) + dt.timedelta(hours=TOKEN_HOURS)
        _el(box, "resumptionToken", token, expirationDate=stamp(expires), **attrs)
    elif cursor:  # the last page of a resumed list: an empty token says it is complete
        _el(box, "resumptionToken", "", **attrs)


def response(data, base: str) -> bytes:
    """The OAI-PMH response document to the arguments ``data`` (a QueryDict)."""
    root = ET.Element(f"{{{NS}}}OAI-PMH")
    root.set(f"{{{XSI}}}schemaLocation", f"{NS} {SCHEMA}")
    _el(root, "responseDate", stamp(timezone.now()))
    request = _el(root, "request", base)
    try:
        verb, args = _arguments(data)
        request.set("verb", verb)
        for key, value in args.items():
            request.set(key, value)
        if verb == "Identify":
            _identify(root, base)
        elif verb == "ListMetadataFormats":
            _formats(root, args)
        elif verb == "ListSets":
            _sets(root, args)
        elif verb == "GetRecord":
            _get_record(root, args)
        else:
            _list(root, verb, args)
    except OaiError as error:
        for child in list(root)[2:]:
            root.remove(child)
        if error.code in ("badVerb", "badArgument"):
            request.attrib.clear()  # the protocol echoes only the base URL then
        _el(root, "error", error.message, code=error.code)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@csrf_exempt  # harvesters POST form-encoded requests; nothing is changed here
@require_http_methods(["GET", "POST"])
def endpoint(request):
    data = request.POST if request.method == "POST" else request.GET
    body = response(data, metadata.absolute(reverse("portal:oai")))
    return HttpResponse(body, content_type="text/xml; charset=utf-8")
