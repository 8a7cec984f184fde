from ipatlas.caching import SingleFlightLRU


def test_weight_bound_evicts_least_recent_and_keeps_the_newest():
    c = SingleFlightLRU(10, weigh=len)
    c.get_or_compute("a", lambda: "xxxx")
    c.get_or_compute("b", lambda: "xxxx")
    c.get_or_compute("a", lambda: "never")  # a hit: a becomes the most recent
    c.get_or_compute("c", lambda: "xxxx")  # 12 > 10: b (least recent) goes
    calls = []
    assert c.get_or_compute("a", lambda: calls.append("a") or "new") == "xxxx"
    assert c.get_or_compute("b", lambda: calls.append("b") or "yy") == "yy"
    assert calls == ["b"]
    c.get_or_compute("huge", lambda: "x" * 50)  # over capacity alone: kept, everything else goes
    assert c.get_or_compute("huge", lambda: "other") == "x" * 50
    assert c.get_or_compute("a", lambda: "recomputed") == "recomputed"


def test_count_bound_by_default():
    c = SingleFlightLRU(2)
    for k in "abc":
        c.get_or_compute(k, lambda k=k: k)
    assert c.get_or_compute("a", lambda: "again") == "again"
    assert c.get_or_compute("c", lambda: "again") == "c"
