#!/usr/bin/env python3
"""Simulated respondents for `ambidex survey serve`: N threads at once, each starting an
open-link response of the example form and filling it to its end (10% screened out, 5%
failing the attention check). Every acknowledged page (a 303 after the server's COMMIT) is
written to ACKS as "TOKEN PAGE" lines, so that a test can check them against the export
after killing the server. Prints one JSON line: respondents, finished, errors, pages,
seconds, pages_per_s, p50_ms, p99_ms.

    survey_load.py URL N ACKS [DEADLINE_S] [SEED]
"""
import json
import os
import random
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import survey_client as sc  # noqa: E402

FIXED = {"consent": "yes", "screen1": "yes", "screen2": "yes", "attention": "4",
         "employees": "50", "age": "20", "intl_experience": "5", "rd_intensity": "0.2",
         "alliance_experience": "3", "comments": "none"}


def profile(i, seed):
    rng = random.Random(seed * 100003 + i)
    a = dict(FIXED)
    a["employees"] = str(rng.randint(5, 249))
    a["age"] = str(rng.randint(3, 80))
    a["intl_experience"] = str(rng.randint(0, int(a["age"])))
    a["alliance_experience"] = str(rng.randint(0, 12))
    a["rd_intensity"] = "%.2f" % rng.random()
    u = rng.random()
    if u < 0.10:
        a["screen1"] = "no"
    elif u < 0.15:
        a["attention"] = "2"
    return a


def main():
    url, n, acks_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    deadline = float(sys.argv[4]) if len(sys.argv) > 4 else 600
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    lock = threading.Lock()
    acks = open(acks_path, "w")
    lat, errors, finished = [], [], []
    start = time.time()
    orig = sc.Respondent.request

    def timed(self, method, path, body=None, headers=None):
        if time.time() - start > deadline:
            raise TimeoutError("deadline")
        t = time.time()
        r = orig(self, method, path, body, headers)
        if method == "POST" and r.status == 303 and path.startswith("/s/"):
            with lock:
                lat.append(time.time() - t)
        return r

    sc.Respondent.request = timed

    def on_ack(token, page):
        with lock:
            acks.write("%s %d\n" % (token, page))
            acks.flush()

    def one(i):
        try:
            tok, status, pages = sc.fill(url, answers=profile(i, seed), seed=seed * 7 + i,
                                         on_ack=on_ack)
            with lock:
                finished.append(status)
        except Exception as e:  # a killed server, the deadline
            with lock:
                errors.append(type(e).__name__)

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(1.0, deadline - (time.time() - start) + 30))
    el = time.time() - start
    acks.close()
    lat.sort()
    q = lambda p: round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else None
    print(json.dumps({"respondents": n, "finished": len(finished),
                      "complete": finished.count("complete"),
                      "screened_out": finished.count("screened_out"), "errors": len(errors),
                      "pages": len(lat), "seconds": round(el, 2),
                      "pages_per_s": round(len(lat) / el, 1) if el else None,
                      "p50_ms": q(0.5), "p99_ms": q(0.99)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
