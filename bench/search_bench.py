"""Server time of the register search at the reference scale, per kind of query.

    .venv/bin/python bench/search_bench.py --database-url URL [--runs 11]

Needs a database made by ``generate_data`` at the reference scale (20,000 organisations, 100,000 contacts, 1,000,000
meetings; see the main README) and migrated. The queries are taken from the data (the names ``generate_data`` writes),
so the same kinds are measured whatever the seed:

- ``exact``: a whole organisation name and a whole contact name, as stored;
- ``prefix``: the first letters of an organisation name ("brabr");
- ``infix``: a word from inside a name ("Gellerup" in "Gellerup/Toveshøj");
- ``folded``: a name with æ/ø/å written out or left off ("Kjaergaard", "Ostergard", "Soeren");
- ``misspelt``: a name with a letter swapped and one dropped;
- ``minutes``: a word that occurs only in meetings' minutes and decisions (common: in the synthetic minutes every
  word is in a few per cent of the meetings or more);
- ``rare``: a place name from a meeting's subject (in well under 1 % of the meetings), and words that occur nowhere;
- ``minutes_misspelt``: a word of the minutes misspelt as above (found through the lexicon's nearest words).

Each query is run as the search page runs it — the lexicon's refresh (``refresh_search_words``) and
``search_register`` (every group, as a superuser sees it) — once to warm up and then ``--runs`` times; the median of each kind is the median over its queries' medians. Prints per kind the median, the
slowest query's median and the number of SQL queries, and last ``search_ms=<the slowest kind's median>`` (target 100).
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import database_url_argument, setup_django

FOLD_SPELLINGS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ø", "o"), ("å", "a"), ("aa", "å"))


def written_out(name: str) -> str | None:
    """``name`` as someone without a Danish keyboard (or with an old spelling) writes it; None if nothing changes."""
    for letter, spelling in FOLD_SPELLINGS:
        if letter in name.lower():
            return name.replace(letter, spelling).replace(letter.upper(), spelling.capitalize())
    return None


def misspelt(name: str, rng: random.Random) -> str:
    """One letter swapped with its neighbour and one dropped, in the longest word."""
    words = name.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 6:
        i = rng.randrange(1, len(word) - 3)
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        j = rng.randrange(1, len(word) - 1)
        word = word[:j] + word[j + 1 :]
    words[longest] = word
    return " ".join(words)


def queries_by_kind(rng: random.Random) -> dict[str, list[str]]:
    from partners.models import Contact, Meeting, Organisation

    organisations = list(Organisation.objects.order_by("?").values_list("name", flat=True)[:400])
    contacts = list(Contact.objects.order_by("?").values_list("first_name", "last_name")[:400])
    people = [f"{first} {last}" for first, last in contacts]
    with_words = [name for name in organisations if len(name.split()) >= 2]
    minutes = list(Meeting.objects.exclude(minutes="").order_by("?").values_list("minutes", flat=True)[:50])
    subjects = " ".join(Meeting.objects.order_by("?").values_list("subject", flat=True)[:500]).lower()
    minute_words = sorted(
        {w.strip(".,;:") for text in minutes for w in text.split() if len(w) > 6 and w.lower() not in subjects}
    )
    folded = [q for q in (written_out(n) for n in [*people, *organisations]) if q]
    places = sorted(
        {
            word
            for subject in Meeting.objects.filter(subject__contains=" i ")
            .order_by("?")
            .values_list("subject", flat=True)[:200]
            for word in subject.split(" i ")[-1:]
            if word[:1].isupper() and len(word) > 5 and " " not in word
        }
    )
    long_words = [word for word in minute_words if len(word) >= 8]
    return {
        "exact": [organisations[0], organisations[1], people[0], people[1]],
        "prefix": [name[:5] for name in organisations[2:6]],
        "infix": [name.split()[-1] for name in with_words[:4]],
        "folded": folded[:4],
        "misspelt": [misspelt(name, rng) for name in [*organisations[6:8], *people[2:4]]],
        "minutes": rng.sample(minute_words, min(4, len(minute_words))),
        "rare": [*rng.sample(places, min(2, len(places))), "solcelleanlæg", "varmepumperne"],
        "minutes_misspelt": [misspelt(word, rng) for word in rng.sample(long_words, min(4, len(long_words)))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    database_url_argument(parser)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    setup_django(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partners.selectors.search import normalise_query, search_register, searchable_targets
    from partners.services.search import refresh_search_words

    user = get_user_model()(username="bench-search", is_superuser=True, is_active=True)  # not saved: only asked perms
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after generate_data's bulk load
    kinds = queries_by_kind(random.Random(args.seed))
    sources = [target.lexicon_source for target in searchable_targets(user=user) if target.lexicon_source]

    def search(query):
        refresh_search_words(sources=sources)
        return search_register(query=query, user=user)

    slowest = 0.0
    for kind, queries in kinds.items():
        medians = []
        for raw in queries:
            query = normalise_query(raw)
            with CaptureQueriesContext(connection) as captured:
                groups = search(query)
            hits = sum(group.count for group in groups)
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                search(query)
                times.append((time.perf_counter() - start) * 1000)
            medians.append(statistics.median(times))
            print(
                f"  {kind:9} {statistics.median(times):7.1f} ms  {len(captured.captured_queries):2} queries  "
                f"{hits:5} hits  {query!r}"
            )
        median = statistics.median(medians)
        slowest = max(slowest, median)
        print(f"{kind}_ms={median:.1f} (slowest query {max(medians):.1f} ms)")
    print(f"search_ms={slowest:.1f}")


if __name__ == "__main__":
    main()
