"""Writes coding/author1/ICT*.md: synthetic coded interviews for the example (not taken
from the paper). Sentences per code; each case talks about a random subset of the codes
(seeded), and congenital learning only where a founder worked abroad."""
import csv
import random

S = {
    "self_learning": ["We read every tender document and regulation ourselves before bidding abroad.",
                      "Our developers took online courses on the cloud platform our foreign clients use.",
                      "I spent evenings studying the accounting rules of the new market on my own."],
    "trial_and_error": ["Our first fixed-price contract abroad lost money, and we changed how we estimate.",
                        "We tried selling to hospitals directly and failed, so we moved to partners.",
                        "Two pricing models did not work before the subscription one took off."],
    "peer_networks": ["Other founders in our incubator told us which payment terms to refuse.",
                      "A friend who runs a testing firm introduced us to his client in Singapore.",
                      "We meet other exporters every month and compare notes on visas and contracts."],
    "industry_associations": ["The software association ran a workshop on European data protection rules.",
                              "Through the industry body we learned how to register as a vendor abroad.",
                              "The association shared a study of the African market that we used."],
    "clients_partners": ["Our first client in Germany taught us their quality process step by step.",
                         "A partner in the UK explained how buyers there compare suppliers.",
                         "The American client insisted on security audits, and we learned to pass them."],
    "trade_fairs": ["At the fair in Dubai we met three distributors in one afternoon.",
                    "The trade mission to Japan showed us how slow and careful buyers are there.",
                    "A stand at a fair in London brought our second market."],
    "congenital": ["I had worked in the US for six years, so I knew how those clients think.",
                   "My co-founder came from a multinational and brought its project methods.",
                   "We started with contacts from our previous jobs abroad."],
    "experiential": ["Each new market taught us something we reused in the next one.",
                     "After three countries we had a checklist for entering the fourth.",
                     "Doing projects abroad is how we really learned international sales."],
    "vicarious": ["We watched how a larger competitor priced support and did the same.",
                  "We studied the case of another Indian firm that failed in Brazil.",
                  "We copied the partner programme of a firm we admired."],
    "integrated": ["We turned what clients told us into our release process.",
                   "What we learned at fairs and from our own mistakes now sits in one sales playbook.",
                   "Every project ends with a review that feeds our training for new staff."],
}
Q = [("How did the firm gain the knowledge it needed after entering foreign markets?",
      ["self_learning", "trial_and_error", "congenital"]),
     ("Who outside the firm helped you learn?",
      ["peer_networks", "industry_associations", "clients_partners", "trade_fairs"]),
     ("How does the firm learn today, and how is that knowledge kept?",
      ["experiential", "vicarious", "integrated"])]
rng = random.Random(1001)
for r in csv.DictReader(open("cases.csv")):
    out = [f"# Interview {r['case']} (synthetic transcript written for the ambidex example)", ""]
    for q, codes in Q:
        said = [c for c in codes if rng.random() < 0.6 and
                (c != "congenital" or r["founder_abroad"] == "yes")]
        if not said:
            said = [codes[0]]
        out += [f"Q: {q}", "",
                "A: " + " ".join("{%s: %s}" % (c, rng.choice(S[c])) for c in said), ""]
    open(f"coding/author1/{r['case']}.md", "w").write("\n".join(out))
