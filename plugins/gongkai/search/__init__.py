"""The search index's pure parts: how text becomes index tokens, what each page gives the index,
how the site is cut into shards, and the small tables the search page reads. No Pagefind here
(adapters/search.py runs it)."""
