"""BM25's tokeniser, the steps of `bm25s.tokenize` without importing bm25s on the read path.

bm25s imports scipy and tqdm when it loads: 0.26 s of a 1.5 s cold `kb ask`, for a function of a few lines.
The steps are bm25s's (scikit-learn's token pattern on lower-cased text, stop words dropped before stemming,
PyStemmer's English stemmer), and so are the stop word lists below (bm25s 0.3, MIT licence; from NLTK).
tests/test_tokens.py checks that both give the same tokens on every bench corpus, so they cannot drift apart.
"""
from __future__ import annotations

import re

try:
    import Stemmer
    STEMMER = Stemmer.Stemmer("english")
except ImportError:  # PyStemmer is optional: BM25 still works, a little less forgiving
    STEMMER = None

_TOKEN = re.compile(r"(?u)\b\w\w+\b")

# bm25s's "en": the short list BM25 indexes with
STOPWORDS_EN = frozenset("""
    a an and are as at be but by for if in into is it no not of on or such that the their then there these they
    this to was will with
""".split())

# bm25s's "en_plus": the longer list, for the words that carry a question ("how", "do", "what" out too)
STOPWORDS_EN_PLUS = frozenset("""
    a about above after again against ain all am an and any are aren aren't as at be because been before being
    below between both but by can couldn couldn't d did didn didn't do does doesn doesn't doing don don't down
    during each few for from further had hadn hadn't has hasn hasn't have haven haven't having he her here hers
    herself him himself his how i if in into is isn isn't it it's its itself just ll m ma me mightn mightn't
    more most mustn mustn't my myself needn needn't no nor not now o of off on once only or other our ours
    ourselves out over own re s same shan shan't she she's should should've shouldn shouldn't so some such t
    than that that'll the their theirs them themselves then there these they this those through to too under
    until up ve very was wasn wasn't we were weren weren't what when where which while who whom why will with
    won won't wouldn wouldn't y you you'd you'll you're you've your yours yourself yourselves
""".split())


def tokenize(texts: list[str], stopwords: frozenset[str] = STOPWORDS_EN,
             spellings: dict[str, str] | None = None) -> list[list[str]]:
    """Each text's tokens, in order, repeats kept: what bm25s.tokenize(..., return_ids=False) returns.
    `spellings`, when given, gains each alphabetic word seen -> its stem (app/spelling.py corrects to them)."""
    split = [[w for w in _TOKEN.findall(t.lower()) if w not in stopwords] for t in texts]
    unique = list(dict.fromkeys(w for words in split for w in words))
    stem = dict(zip(unique, STEMMER.stemWords(unique))) if STEMMER is not None else {w: w for w in unique}
    if spellings is not None:
        for w in unique:
            if w.isalpha() and w not in spellings:
                spellings[w] = stem[w]
    if STEMMER is None:
        return split
    return [[stem[w] for w in words] for words in split]


# A dotted version number (8.5.5.4, v7.0.0.2) as BM25 terms, beside the words. The word pattern keeps runs of
# 2+ word characters, so "8.5.5.4" left nothing and "v8.5" left "v8", and notes that differ mostly by the
# release they are about (fix packs, security bulletins) looked alike. Each version also stands for the lines it
# belongs to (8.5.5.4 -> 8.5, 8.5.5, 8.5.5.4): a question about "WAS 8.5" meets a note about 8.5.5.4.
# At most six parts (IP addresses have four): a longer dotted run is not a version, and each part adds a term
# as long as the run, so a pasted run of thousands would have cost its square.
_VERSION = re.compile(r"(?<![\w.])v?(\d+(?:\.\d+){1,5})(?!\.?\d)", re.IGNORECASE)


def version_terms(text: str) -> list[str]:
    """The version numbers of `text` and the lines they belong to, in order, repeats kept."""
    out = []
    for m in _VERSION.finditer(text):
        parts = m.group(1).split(".")
        out += [".".join(parts[:n]) for n in range(2, len(parts) + 1)]
    return out
