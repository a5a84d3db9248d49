"""``wickbot knowledge refresh``: compare the knowledge with Wikidata (and TMDB) and propose a diff.

Public databases made for this are asked for release dates, cast, crew and runtimes of the
works in ``knowledge/``. The result is a readable report, every disagreement flagged, and a
unified diff of additions with the sources they cite. Nothing is written without ``--write``
and nothing already in the knowledge is ever removed or overwritten.
"""
