"""The date the sitemap gives a page (`<lastmod>`): the entry's own date, when it is a day.

MkDocs stamps every page with the build date (`SOURCE_DATE_EPOCH`), so a sitemap where
every page changed on the same day tells a search engine nothing. An entry whose data
gives a full date (YYYY-MM-DD, a W3C Datetime) has that date instead. A year or a month
alone ("2022") stays with the build date: the sitemaps.org schema takes a day at least
(`xsd:date`), and turning "2022" into a day would invent one.
"""

from __future__ import annotations

import re

from ..load.files import Entry

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def lastmod(entry: Entry | None) -> str | None:
    """The entry's date for the sitemap, or None to keep the build date."""
    if entry is None or not _DAY.fullmatch(entry.date):
        return None
    return entry.date
