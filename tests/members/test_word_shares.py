"""The word statistics that route directory searches (members.search.WordShares), without a
database: what the column's statistics say, and what each decision makes of it."""

import json

from members.search import WALK_SHARE, WordShares


def shares(table: dict[str, float]) -> WordShares:
    held = WordShares()
    # As pg_stats gives them: lexemes, then their frequencies followed by the minimum and maximum.
    freqs = [*table.values(), min(table.values()), max(table.values())]
    held.load(json.dumps([list(table), freqs]))
    return held


def test_a_word_counts_itself_and_its_english_stem_and_a_prefix_every_lexeme_it_starts():
    held = shares(
        {"strategi": 0.10, "strategy": 0.02, "strat": 0.01, "smith": 0.06, "smithson": 0.01}
    )
    assert round(held.share("strategy", prefix=False), 6) == 0.12  # "strategi": its stem
    assert held.share("smith", prefix=False) == 0.06
    assert round(held.share("smith", prefix=True), 6) == 0.07
    assert round(held.share("strat", prefix=True), 6) == 0.13
    assert held.share("zyxwvut", prefix=True) == 0


def test_only_words_that_are_all_common_walk():
    held = shares({"product": 0.9, "manag": 0.5, "data": 0.2, "berlin": 0.03})
    assert held.walk(["product"]) and held.walk(["product", "manager"])
    assert not held.walk(["berlin"])  # under WALK_SHARE
    assert not held.walk(["product", "zyxwvut"])  # a word outside the statistics
    assert not held.walk(["data", "berlin"])  # 0.2 * 0.03 is under WALK_SHARE
    assert WALK_SHARE > 0.2 * 0.03


def test_a_prefix_far_more_common_than_the_other_words_is_checked_on_their_rows():
    held = shares({"smith": 0.066, "mary": 0.028, "john": 0.013})
    assert held.prefix_outweighs(["jmes", "smith"])  # "jmes" is rare: outside the statistics
    assert held.prefix_outweighs(["john", "smith"])  # 0.066 > 4 * 0.013
    assert not held.prefix_outweighs(["mary", "smith"])  # 0.066 < 4 * 0.028
    assert not held.prefix_outweighs(["john", "zyxwvut"])  # a rare prefix: GIN is cheap


def test_without_statistics_nothing_walks_and_they_are_due():
    held = WordShares()
    assert held.due()
    assert not held.walk(["product"]) and not held.prefix_outweighs(["jmes", "smith"])
    held.load(None)  # a table never analysed
    assert not held.due() and not held.walk(["product"])
