#!/usr/bin/env python3
"""A plain HTTP respondent for `ambidex survey serve` (http.client only): reads the
server-rendered page, fills every control by its XLSForm name and posts it back. Used by
test_survey.sh, the load and kill tests, bench/survey.sh and the example's fielding script.

    python3 survey_client.py fill URL [--token T] [--answers JSON] [--lang N]
        prints one JSON line: {"token", "status", "pages": [acknowledged page indices]}
"""
import html
import http.client
import json
import random
import re
import sys
import urllib.parse

INPUT = re.compile(r'<input type="(radio|checkbox|text|number|date|hidden)"[^>]*?name="([^"]*)"'
                   r'(?:[^>]*?value="([^"]*)")?', re.S)


class Page:
    def __init__(self, status, body, location=None):
        self.status = status
        self.body = body
        self.location = location
        self.fields = {}   # name -> (type, [values])
        for t, name, value in INPUT.findall(body):
            name = html.unescape(name)
            ent = self.fields.setdefault(name, (t, []))
            ent[1].append(html.unescape(value or ""))
        m = re.search(r'id="end" data-status="([^"]*)"', body)
        self.end = m.group(1) if m else None

    def hidden(self, name):
        t, vals = self.fields.get(name, (None, [None]))
        return vals[-1]


class Respondent:
    def __init__(self, base, timeout=60):
        u = urllib.parse.urlparse(base)
        self.host, self.port = u.hostname, u.port
        self.timeout = timeout
        self.conn = None
        self.token = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                h = dict(headers or {})
                if body is not None:
                    h["Content-Type"] = "application/x-www-form-urlencoded"
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                data = r.read().decode("utf-8", "replace")
                return Page(r.status, data, r.getheader("Location"))
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")

    def start_open(self):
        p = self.request("GET", "/open")
        start = p.hidden("_start")
        r = self.request("POST", "/open", urllib.parse.urlencode({"_start": start}))
        assert r.status == 303, (r.status, r.body[:200])
        self.token = r.location.rsplit("/", 1)[1]
        return self.token

    def page(self):
        return self.request("GET", "/s/" + self.token)

    def post(self, fields):
        return self.request("POST", "/s/" + self.token, urllib.parse.urlencode(fields, doseq=True))


def choose(name, kind, values, answers, rng):
    """The answer to control `name`: from answers (a dict or a function), else random."""
    if callable(answers):
        v = answers(name, kind, values)
        if v is not None:
            return v
    elif name in answers:
        return answers[name]
    if kind == "radio":
        return rng.choice(values)
    if kind == "checkbox":
        return [values[0]]
    if kind == "number":
        return str(rng.randint(1, 9))
    if kind == "date":
        return "2024-01-31"
    return "fine"


def fill(base, token=None, answers=None, lang=None, seed=0, max_pages=50, on_ack=None):
    """Fills the questionnaire to its end. Returns (token, end status, acknowledged pages)."""
    rng = random.Random(seed)
    r = Respondent(base)
    if token:
        r.token = token
    else:
        r.start_open()
    answers = answers or {}
    acked = []
    p = r.page()
    if lang is not None and p.end is None:
        r.post({"_csrf": p.hidden("_csrf"), "_page": p.hidden("_page"), "_lang": str(lang)})
        p = r.page()
    retries = 0
    for _ in range(max_pages):
        if p.end is not None:
            return r.token, p.end, acked
        assert p.status in (200, 422), (p.status, p.body[:300])
        form = {"_csrf": p.hidden("_csrf"), "_page": p.hidden("_page"), "_next": "1"}
        for name, (kind, values) in p.fields.items():
            if name.startswith("_"):
                continue
            form[name] = choose(name, kind, values, answers, rng)
        res = r.post(form)
        if res.status == 422 and retries < 2 and set(res.fields) - set(form):
            # skip logic inside the page showed a new question: answer it too
            retries += 1
            p = res
            continue
        if res.status != 303:
            raise AssertionError("page %s rejected: %s %s" % (form["_page"], res.status,
                                                              re.findall(r'class="error"[^>]*>([^<]*)', res.body)))
        retries = 0
        acked.append(int(form["_page"]))
        if on_ack:
            on_ack(r.token, int(form["_page"]))
        p = r.page()
    raise AssertionError("no end after %d pages" % max_pages)


def main():
    args = sys.argv[1:]
    if not args or args[0] != "fill":
        print(__doc__)
        return 2
    base = args[1]
    opts = dict(zip(args[2::2], args[3::2]))
    token, status, pages = fill(base, opts.get("--token"), json.loads(opts.get("--answers", "{}")),
                                opts.get("--lang"))
    print(json.dumps({"token": token, "status": status, "pages": pages}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
