"""The words of what someone typed into a search box: the one way every search in the portal
(FAQ, library, member directory) splits text before it becomes a `SearchQuery`."""

import re
import unicodedata

# Runs of letters and digits: quotes, operators, `:*`, `&` and `_` never reach to_tsquery.
WORD = re.compile(r"[^\W_]+")


def split_words(text: str, *, drop_accents: bool = False) -> list[str]:
    """The lower-case words of `text`, in order. `drop_accents` turns "Álvarez" into "alvarez",
    for columns built with PostgreSQL's `unaccent` (the member directory's)."""
    if drop_accents:
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return WORD.findall(text.lower())
