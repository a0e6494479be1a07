#!/usr/bin/env python3
"""Writes form/survey.csv, form/choices.csv and form/settings.csv: seed 003's
questionnaire (screening questions, the seven 7-point scales, an attention check,
controls) as an XLSForm in English and French. Run once; the CSVs are committed."""
import csv, os

H = os.path.join(os.path.dirname(os.path.abspath(__file__)), "form")
os.makedirs(H, exist_ok=True)
cols = ["type", "name", "label::English (en)", "label::Français (fr)", "hint::English (en)",
        "hint::Français (fr)", "required", "relevant", "constraint",
        "constraint_message::English (en)", "constraint_message::Français (fr)",
        "appearance", "calculation", "screen", "attention"]
rows = []

def row(**kw):
    rows.append([kw.get(c.split("::")[0] + ("_fr" if "Fran" in c else ""), "") if "::" in c
                 else kw.get(c, "") for c in cols])

def q(t, name, en, fr, **kw):
    row(type=t, name=name, label=en, label_fr=fr, **kw)

def grid(name, en, fr, items, lst="agree7"):
    q("begin group", name, en, fr, appearance="table-list")
    for n, e, f, *extra in items:
        kw = extra[0] if extra else {}
        q("select_one " + lst, n, e, f, required="yes", **kw)
    q("end group", "", "", "")

q("begin group", "consent_page", "Welcome", "Bienvenue")
q("note", "intro", "This survey asks about your firm's international R&D alliances. It takes "
  "about 10 minutes; your answers are confidential and there are no right or wrong answers.",
  "Ce questionnaire porte sur les alliances internationales de R&D de votre entreprise. Il "
  "prend environ 10 minutes ; vos réponses sont confidentielles et il n'y a ni bonne ni "
  "mauvaise réponse.")
q("select_one yesno", "consent", "Do you agree to take part?", "Acceptez-vous de participer ?",
  required="yes", screen="${consent} = 'no'")
q("end group", "", "", "")
q("begin group", "screening", "About your firm's alliances", "Les alliances de votre entreprise")
q("select_one yesno", "screen1", "Has your firm actively participated in strategic alliances "
  "that involved external partners, such as customers, suppliers, or competitors?",
  "Votre entreprise a-t-elle participé activement à des alliances stratégiques avec des "
  "partenaires externes, tels que des clients, des fournisseurs ou des concurrents ?",
  required="yes", screen="${screen1} = 'no'")
q("select_one yesno", "screen2", "Has your firm actively participated in R&D strategic alliances "
  "with international partners?", "Votre entreprise a-t-elle participé activement à des "
  "alliances stratégiques de R&D avec des partenaires internationaux ?", required="yes",
  relevant="${screen1} = 'yes'", screen="${screen2} = 'no'")
q("end group", "", "", "")
AG_EN = "Please indicate your level of agreement with the following statements about the " \
        "international R&D alliance you selected."
AG_FR = "Veuillez indiquer votre degré d'accord avec les affirmations suivantes au sujet de " \
        "l'alliance internationale de R&D que vous avez choisie."
grid("coord_page", "Interorganizational coordination. " + AG_EN,
     "Coordination interorganisationnelle. " + AG_FR, [
    ("coord1", "Our activities with our partners are well coordinated",
     "Nos activités avec nos partenaires sont bien coordonnées"),
    ("coord2", "We ensure that our work is synchronized with the work of our partners",
     "Nous veillons à ce que notre travail soit synchronisé avec celui de nos partenaires"),
    ("coord3", "There is a great deal of interaction with our partners on most decisions",
     "Il y a beaucoup d'échanges avec nos partenaires sur la plupart des décisions")])
grid("proact_page", "Alliance proactiveness. " + AG_EN, "Proactivité en matière d'alliances. " + AG_FR, [
    ("proact1", "We strive to thwart our competition by entering into alliance opportunities",
     "Nous cherchons à contrer nos concurrents en saisissant des occasions d'alliance"),
    ("proact2", "We often take the initiative in approaching firms with alliance proposals",
     "Nous prenons souvent l'initiative de proposer des alliances à d'autres entreprises"),
    ("attention", "To show that you are reading carefully, please choose 'Neutral' in this row",
     "Pour montrer que vous lisez attentivement, veuillez choisir « Neutre » sur cette ligne",
     {"attention": "4"}),
    ("proact3", "Compared with our competitors, we are proactive and responsive in finding and "
     "\"going after\" partnerships", "Par rapport à nos concurrents, nous sommes proactifs et "
     "réactifs pour trouver et « saisir » des partenariats"),
    ("proact4", "We actively monitor our environment to identify alliance opportunities",
     "Nous surveillons activement notre environnement pour repérer des occasions d'alliance")])
grid("transf_page", "Alliance transformation. " + AG_EN, "Transformation des alliances. " + AG_FR, [
    ("transf1", "We are willing to put aside contractual terms to improve the outcome of our "
     "alliances", "Nous sommes prêts à mettre de côté les clauses contractuelles pour améliorer "
     "le résultat de nos alliances"),
    ("transf2", "When an unexpected situation arises, we would rather modify an alliance contract "
     "than insist on the original terms", "Face à une situation imprévue, nous préférons modifier "
     "un contrat d'alliance plutôt que d'exiger les termes d'origine"),
    ("transf3", "Flexibility in response to a request for change is characteristic of our "
     "alliance management process", "La souplesse face à une demande de changement caractérise "
     "notre gestion des alliances")])
grid("learn_page", "Interorganizational learning. " + AG_EN,
     "Apprentissage interorganisationnel. " + AG_FR, [
    ("learn1", "We have the skills to learn successfully from our partners",
     "Nous avons les compétences pour apprendre efficacement de nos partenaires"),
    ("learn2", "We have the managerial competencies to absorb new knowledge from our partners",
     "Nous avons les compétences managériales pour absorber les nouvelles connaissances de nos "
     "partenaires"),
    ("learn3", "We have effective routines to analyze the information obtained from our partners",
     "Nous avons des routines efficaces pour analyser les informations obtenues de nos "
     "partenaires"),
    ("learn4", "We can successfully integrate our existing knowledge with new information "
     "acquired from our partners", "Nous savons intégrer nos connaissances existantes aux "
     "nouvelles informations acquises auprès de nos partenaires")])
q("begin group", "coinnov_page", "Co-innovation with alliance partners",
  "Co-innovation avec les partenaires")
grid("rad_grid", "Radical co-innovation", "Co-innovation radicale", [
    ("rad1", "The important driver of our alliance is to use new, breakthrough technologies",
     "Le moteur principal de notre alliance est l'utilisation de technologies nouvelles et de rupture"),
    ("rad2", "The intent of our alliance is to create radical new ideas or ways of doing things",
     "Notre alliance vise à créer des idées ou des façons de faire radicalement nouvelles"),
    ("rad3", "Our alliance helps us to come up with creative ideas that challenge conventional ones",
     "Notre alliance nous aide à trouver des idées créatives qui remettent en cause les idées reçues")])
grid("inc_grid", "Incremental co-innovation", "Co-innovation incrémentale", [
    ("inc1", "The aim of our alliance is to improve efficiency",
     "Le but de notre alliance est d'améliorer l'efficacité"),
    ("inc2", "We can rationalize our business operations within our alliance",
     "Nous pouvons rationaliser nos opérations au sein de notre alliance"),
    ("inc3", "Our alliance facilitates the improved quality of existing innovations",
     "Notre alliance facilite l'amélioration de la qualité des innovations existantes")])
q("end group", "", "", "")
grid("speed_page", "Please indicate your level of satisfaction with the pace of achieving these "
     "objectives in the first 2 years of entry in your most recent foreign market.",
     "Veuillez indiquer votre degré de satisfaction quant au rythme d'atteinte de ces objectifs "
     "au cours des 2 premières années sur votre marché étranger le plus récent.", [
    ("speed1", "International sales growth", "Croissance des ventes internationales"),
    ("speed2", "International profitability", "Rentabilité internationale"),
    ("speed3", "Return on investment from international business",
     "Retour sur investissement des activités internationales"),
    ("speed4", "Market share in international market", "Part de marché à l'international"),
    ("speed5", "International reputation of the firm", "Réputation internationale de l'entreprise")],
    lst="sat7")
q("begin group", "respondent_page", "About you", "Vous")
q("select_one role", "role", "Your position in the firm", "Votre fonction dans l'entreprise",
  required="yes")
q("end group", "", "", "")
q("begin group", "know_page", "Your knowledge", "Vos connaissances", appearance="table-list",
  relevant="${role} = 'manager'")
q("select_one know7", "know1", "How knowledgeable are you about international strategic "
  "alliance activities?", "Dans quelle mesure connaissez-vous les activités d'alliances "
  "stratégiques internationales ?", required="yes")
q("select_one know7", "know2", "How knowledgeable are you about international business "
  "operations?", "Dans quelle mesure connaissez-vous les opérations internationales ?",
  required="yes")
q("end group", "", "", "")
q("begin group", "firm_page", "About your firm", "Votre entreprise")
num_en = "Please enter a number in the allowed range."
num_fr = "Veuillez saisir un nombre dans l'intervalle autorisé."
q("integer", "employees", "Number of full-time employees", "Nombre de salariés à temps plein",
  required="yes", constraint=". >= 1 and . <= 249", constraint_message=num_en + " (1 to 249)",
  constraint_message_fr=num_fr + " (1 à 249)", hint="SMEs have fewer than 250 employees.",
  hint_fr="Les PME ont moins de 250 salariés.")
q("integer", "age", "Number of years since the firm was founded",
  "Nombre d'années depuis la création de l'entreprise", required="yes",
  constraint=". >= 0 and . <= 300", constraint_message=num_en, constraint_message_fr=num_fr)
q("select_one industry", "industry", "Industry", "Secteur", required="yes")
q("decimal", "rd_intensity", "Share of full-time employees working in R&D (0 to 1)",
  "Part des salariés à temps plein travaillant en R&D (0 à 1)", required="yes",
  constraint=". >= 0 and . <= 1", constraint_message=num_en, constraint_message_fr=num_fr)
q("decimal", "intl_experience", "Number of years since the firm first exported",
  "Nombre d'années depuis la première exportation", required="yes",
  constraint=". >= 0 and . <= ${age}", constraint_message="Cannot exceed the firm's age.",
  constraint_message_fr="Ne peut pas dépasser l'âge de l'entreprise.")
q("integer", "alliance_experience", "Number of alliances formed during the last 3 years",
  "Nombre d'alliances formées au cours des 3 dernières années", required="yes",
  constraint=". >= 0")
q("select_one agree7", "motivation", "Our co-innovation decisions are driven by strong "
  "motivations (access to knowledge, markets and shared costs)", "Nos décisions de "
  "co-innovation sont motivées par de fortes raisons (accès aux connaissances, aux marchés, "
  "partage des coûts)", required="yes")
q("select_one agree7", "constraint", "Our co-innovation decisions are held back by constraints "
  "(cost, risk, lack of partners)", "Nos décisions de co-innovation sont freinées par des "
  "contraintes (coût, risque, manque de partenaires)", required="yes")
q("calculate", "young_firm", "", "", calculation="if(${age} < 10, 1, 0)")
q("text", "comments", "Any comments on this survey?", "Des commentaires sur ce questionnaire ?")
q("end group", "", "", "")

with open(os.path.join(H, "survey.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(cols)
    w.writerows(rows)

AG = [("Strongly disagree", "Pas du tout d'accord"), ("Disagree", "Pas d'accord"),
      ("Somewhat disagree", "Plutôt pas d'accord"), ("Neutral", "Neutre"),
      ("Somewhat agree", "Plutôt d'accord"), ("Agree", "D'accord"),
      ("Strongly agree", "Tout à fait d'accord")]
SAT = [("Very dissatisfied", "Très insatisfait"), ("Dissatisfied", "Insatisfait"),
       ("Somewhat dissatisfied", "Plutôt insatisfait"), ("Neutral", "Neutre"),
       ("Somewhat satisfied", "Plutôt satisfait"), ("Satisfied", "Satisfait"),
       ("Very satisfied", "Très satisfait")]
with open(os.path.join(H, "choices.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["list_name", "name", "label::English (en)", "label::Français (fr)"])
    w.writerows([["yesno", "yes", "Yes", "Oui"], ["yesno", "no", "No", "Non"]])
    w.writerows([["agree7", str(i + 1), e, fr] for i, (e, fr) in enumerate(AG)])
    w.writerows([["sat7", str(i + 1), e, fr] for i, (e, fr) in enumerate(SAT)])
    w.writerows([["industry", "1", "High technology", "Haute technologie"],
                 ["industry", "2", "Medium technology", "Moyenne technologie"],
                 ["industry", "3", "Low technology", "Basse technologie"],
                 ["role", "owner", "Owner or chief executive", "Propriétaire ou dirigeant"],
                 ["role", "manager", "Manager", "Cadre"]])
    w.writerows([["know7", "1", "1 (not knowledgeable at all)", "1 (aucune connaissance)"]] +
                [["know7", str(i), str(i), str(i)] for i in range(2, 7)] +
                [["know7", "7", "7 (very knowledgeable)", "7 (très bonne connaissance)"]])
with open(os.path.join(H, "settings.csv"), "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["form_title", "form_id", "version", "default_language", "open_link"])
    w.writerow(["Alliances and international growth of SMEs", "alliance_speed", "1",
                "English", "yes"])
