"""The portal's sitemap (``/sitemap.xml``, an index of one sitemap per kind) and
``/robots.txt`` pointing at it. Only what :mod:`olievlek.portal.public` shows is listed:
people who made a profile, published groups, public products. URLs are absolute on
``SITE_URL``, as in the JSON-LD and OAI-PMH records."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET

from . import public


class _PortalSitemap(Sitemap):
    limit = 10_000  # URLs per sitemap page (the protocol allows 50,000)

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PeopleSitemap(_PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return public.profiles().order_by("pk").only("pk")

    def location(self, item) -> str:
        return reverse("portal:person", args=[item.pk])


class GroupSitemap(_PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return public.groups().order_by("pk").only("pk")

    def location(self, item) -> str:
        return reverse("portal:group", args=[item.pk])


class ProductSitemap(_PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return public.products().order_by("pk").only("pk", "datestamp")

    def location(self, item) -> str:
        return reverse("portal:product", args=[item.pk])

    def lastmod(self, item):
        return item.datestamp  # when its public record last changed (portal.oai)


SITEMAPS = {"mensen": PeopleSitemap, "groepen": GroupSitemap, "producten": ProductSitemap}


@require_GET
def index(request):
    """The sitemap index: every page of every kind that has something public (Django's own
    index view would take the host from the request instead of ``SITE_URL``)."""
    locations = []
    for section, kind in SITEMAPS.items():
        paginator = kind().paginator
        if not paginator.count:
            continue
        url = settings.SITE_URL + reverse("portal:sitemap_section", kwargs={"section": section})
        locations += [url] + [f"{url}?p={page}" for page in range(2, paginator.num_pages + 1)]
    body = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locations)
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns='
                        '"http://www.sitemaps.org/schemas/sitemap/0.9">' + body +
                        "</sitemapindex>\n", content_type="application/xml")


@require_GET
def robots_txt(request):
    """Crawlers may read the portal; personal profile links and the pages behind a login
    are none of their business."""
    lines = ["User-agent: *", "Disallow: /portaal/profiel/", "Disallow: /accounts/",
             "Disallow: /admin/", "Disallow: /networks/", "Allow: /portaal/",
             f"Sitemap: {settings.SITE_URL}{reverse('portal:sitemap')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
