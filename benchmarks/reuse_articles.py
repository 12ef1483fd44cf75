"""Realistic news articles and the copies republishers make of them, for text-reuse tests and
``benchmarks/eval_reuse.py`` (issue #11). Everything here is written for this project.

An article is built from a beat's sentence patterns (local government, floods, health, courts,
ports, schools, elections, heritage) with its own places, people, numbers and days, so that
unrelated articles on the same beat share vocabulary and stock phrasing, as real ones do, but
not passages. ``copies`` applies the edits republishers make: a new headline, a cut, dropped or
moved paragraphs, an introduction or an editor's note, the outlet's own footer, typos fixed or
made, and ``quoting_article`` lifts one paragraph into another article.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

FIRST = ("Amira Haddad|Tomas Lindqvist|Grace Okafor|Daniel Moreau|Leila Nasser|Pieter de Wit|"
         "Sofia Marchetti|Kwame Mensah|Hannah Becker|Yusuf Demir|Ines Carvalho|Oskar Nowak|"
         "Maya Feldman|Rafael Ortega|Nadia Petrova|Samuel Achebe|Clara Jansen|Omar Khalil|"
         "Elena Rossi|Jonas Berg|Fatima Zahra|Lucas Girard|Aisha Bello|Viktor Horvath|"
         "Noor Rahman|Emil Kovacs|Marta Silva|Ibrahim Sow|Julia Weber|Tariq Aziz").split("|")
PLACES = ("Kelvale|Port Amsel|Dunmore|Rivenhall|Santa Lucera|Oldbridge|Marrow Bay|Teskovo|"
          "Aberlyn|Castel Rocca|Brightwater|Norhaven|Eastmere|Valdoria|Greystone|Lindenfeld|"
          "Kamsar Hills|Westerholt|Saltmarsh|Ferrowick|Alder Cross|Montclair|Hollin|Zarevo|"
          "Bellmoor|Quarry End|Tamsworth|Redcliff|Ostrava Nova|Pinewater").split("|")
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October November December".split()
OUTLETS = ("Harbour Gazette|River Times|The Northern Courier|Valley Herald|Coastal Observer|"
           "Metro Daily|The Evening Ledger|Lakeside Post|Capital Wire|The Plain Dealer Weekly|"
           "Border News|Highland Record|The Civic Review|Southern Sentinel|Bay Chronicle|"
           "The Morning Star Online|Inland Reporter|Westside Voice|The Free Press Digest|"
           "Island Tribune").split("|")
ROLES = ("the mayor|the deputy mayor|a council spokesperson|the regional governor|the health minister|"
         "a hospital director|the chief engineer|a union representative|the police chief|"
         "a local shopkeeper|the head teacher|a port official|the judge|an opposition councillor|"
         "a spokesperson for the ministry|the fire brigade commander").split("|")

BEATS: dict[str, list[str]] = {
    "council": [
        "The {place} city council voted {n1} to {n2} on {day} to approve a budget of {money} for the coming year.",
        "{role_cap} said the plan would cut waiting times at the town hall by almost {pct} per cent.",
        "Opponents argued that the {thing} had been pushed through without proper consultation with residents of {place2}.",
        "{person}, who chairs the finance committee, told reporters that the savings would come from merging two departments.",
        "The session lasted more than {hours} hours and was interrupted twice by protesters in the public gallery.",
        "Under the new rules, shops in the old town will be allowed to open until {hour} o'clock on weekends.",
        "A similar proposal was rejected in {month} after a petition gathered {count} signatures.",
        "The council also agreed to review parking fees, which have not changed since {year}.",
        "{person} described the vote as a turning point for a city that has struggled to balance its books.",
        "Residents will be able to comment on the details at a series of meetings to be held in {month}.",
        "The opposition said it would ask the regional court to examine whether the procedure had been lawful.",
        "Local businesses welcomed the decision but warned that the {thing} could still be delayed by paperwork.",
        "It is the {ordinal} time in {n2} years that the council has had to revise its spending plans in mid-term.",
        "{role_cap} promised that no jobs would be lost as a result of the reorganisation.",
    ],
    "flood": [
        "Heavy rain on {day} caused the {river} river to burst its banks, flooding more than {count} homes in {place}.",
        "Emergency services evacuated {n3} residents from low-lying streets near the railway station overnight.",
        "{role_cap} said the water level had risen by {n1} metres in less than six hours.",
        "Volunteers filled sandbags outside the school in {place2} as forecasters warned of more storms.",
        "The main road between {place} and {place2} remained closed on {day} after a section of it was washed away.",
        "{person}, whose bakery was flooded for the second time this year, said she did not know whether she could reopen.",
        "Insurance companies estimated the damage at around {money}, though the figure was expected to rise.",
        "The regional government declared a state of emergency and promised compensation for farmers who lost crops.",
        "Critics said warnings about the state of the embankments had been ignored since the floods of {year}.",
        "Drinking water was being distributed from trucks at {n1} points across the town.",
        "{role_cap} urged people not to drive through flooded streets after two cars were swept away.",
        "Experts said the river had reached its highest level since records began more than a century ago.",
        "Schools in the district will remain closed until at least {day}, the education office said.",
        "The army sent {n3} soldiers and several boats to help with the evacuation of the villages upstream.",
    ],
    "health": [
        "Nurses at the {place} general hospital began a {n1}-day strike on {day} over pay and staffing levels.",
        "{role_cap} said only emergency operations would go ahead while the strike lasted.",
        "The union says the hospital is short of at least {count} nurses and that wards are regularly understaffed.",
        "{person}, a nurse with {n2} years of experience, said many colleagues were working double shifts every week.",
        "Patients waiting for routine surgery were told their appointments would be moved to {month}.",
        "The health ministry offered a raise of {pct} per cent, which the union rejected as far too low.",
        "A new wing of the hospital, which cost {money}, has stood empty since {month} because there is no staff to run it.",
        "Doctors at the clinic in {place2} said they supported the nurses but would not join the strike.",
        "Talks between the two sides are due to resume on {day} under the supervision of a mediator.",
        "Waiting lists in the region have grown by almost a third since {year}, according to official figures.",
        "{role_cap} warned that the strike could put patients at risk if it continued into next week.",
        "Outside the hospital, dozens of nurses held banners and handed out leaflets to passers-by.",
        "The last strike at the hospital, in {year}, ended after {n1} days with a partial agreement.",
        "The ministry said it was ready to discuss working conditions but not to reopen the budget.",
    ],
    "court": [
        "A court in {place} on {day} sentenced a former official to {n1} years in prison for taking bribes.",
        "The judge said the evidence showed that contracts worth {money} had been awarded in exchange for cash.",
        "{person}, who denied the charges throughout the trial, said through a lawyer that she would appeal.",
        "Prosecutors had asked for a longer sentence, arguing that the case had damaged public trust.",
        "The trial, which lasted {n2} months, heard from more than {n3} witnesses.",
        "Two businessmen accused of paying the bribes were given suspended sentences and fined.",
        "{role_cap} said the verdict sent a clear message that corruption would not be tolerated.",
        "The case came to light in {year} after a journalist in {place2} published leaked invoices.",
        "Defence lawyers argued that the recordings used in court had been obtained illegally.",
        "The court ordered the seizure of two flats and a holiday home belonging to the defendant.",
        "Anti-corruption campaigners gathered outside the courthouse and welcomed the ruling.",
        "An appeal is expected to be heard in {month}, which could delay the sentence by a year or more.",
        "It is the most senior conviction in the region since a new anti-corruption law took effect in {year}.",
        "{person} told the court on the last day of the trial that she had been the victim of a political campaign.",
    ],
    "port": [
        "Dock workers at the port of {place} walked out on {day}, leaving {n3} ships waiting at anchor.",
        "The port handles about {count} containers a week and is one of the busiest on the coast.",
        "{role_cap} said the stoppage was costing local businesses around {money} a day.",
        "The dispute is over plans to introduce automated cranes, which the union says will cost {n3} jobs.",
        "{person}, a crane operator for {n2} years, said workers had learned about the plans from the newspapers.",
        "Lorries queued for several kilometres on the motorway leading to the terminal in {place2}.",
        "Supermarkets warned that shelves could run short of fresh fruit if the strike lasted into next week.",
        "The port authority said it had invested {money} in new equipment since {year} to stay competitive.",
        "Talks broke down on {day} after the union rejected an offer to retrain workers for other roles.",
        "Shipping companies have started to divert cargo to neighbouring ports, according to industry sources.",
        "{role_cap} appealed to both sides to return to the negotiating table before the holidays.",
        "The last major strike at the port, in {year}, lasted {n1} days and ended with a pay rise.",
        "Fishermen in the old harbour said they had been unable to unload their catch since the walkout began.",
        "A government mediator is expected to meet representatives of the union and the port on {day}.",
    ],
    "school": [
        "Parents in {place} protested on {day} against plans to close the village primary school at the end of the year.",
        "The school has {n3} pupils, down from more than {count} a decade ago.",
        "{role_cap} said keeping the building open would cost {money} a year that the district could not afford.",
        "Children would instead be taken by bus to a larger school in {place2}, about {n1} kilometres away.",
        "{person}, whose two children attend the school, said the journey would add an hour to their day.",
        "Teachers warned that classes at the new school would have more than {n2} pupils each.",
        "The education office said the decision followed a review of all small schools in the district.",
        "A petition against the closure has collected {count} signatures in less than a month.",
        "The school, which opened in {year}, is the last public building in the village.",
        "{role_cap} promised to look at other options, including sharing the building with a health centre.",
        "Similar closures in neighbouring districts have led to families moving away, campaigners said.",
        "A final decision is expected when the district council meets in {month}.",
        "Pupils made banners for the protest, which took place in front of the town hall.",
        "The teachers' union said it would support the parents if the case went to court.",
    ],
    "election": [
        "Voters in {place} go to the polls on {day} to elect a new mayor after the resignation of {person}.",
        "Five candidates are standing, and polls suggest that none is likely to win outright in the first round.",
        "{role_cap} said turnout could be lower than usual because of the bad weather forecast for the weekend.",
        "The front-runner, {person2}, has promised to freeze local taxes and build {n3} new homes.",
        "Her main rival, a former police officer, has campaigned on crime and the state of the roads.",
        "The election was called in {month} after an investigation into the award of building contracts.",
        "Polling stations will open at seven in the morning and close at eight in the evening.",
        "About {count} people are registered to vote, including students at the university in {place2}.",
        "Observers from the regional electoral commission will monitor the count for the first time.",
        "In the last election, in {year}, turnout was just over {pct} per cent.",
        "{person2} told a rally on {day} that the city needed a fresh start after years of scandal.",
        "A second round, if needed, will be held two weeks later between the two leading candidates.",
        "Campaign spending is capped at {money} per candidate under the new electoral law.",
        "Results are expected late on {day} night, the electoral office said.",
    ],
    "heritage": [
        "Archaeologists working near {place} have found the remains of a Roman villa under a car park.",
        "The site was discovered in {month} when builders began digging the foundations for a shopping centre.",
        "{role_cap} said the find was one of the most important in the region for {n2} years.",
        "{person}, who leads the excavation, said the mosaics were in remarkably good condition.",
        "The developers have agreed to pause work for {n1} months while the site is recorded.",
        "Experts believe the villa was built in the second century and abandoned about two hundred years later.",
        "The museum in {place2} has offered to display some of the objects recovered so far.",
        "Local historians have called for the whole site to be protected rather than built over.",
        "Excavations have already uncovered coins, pottery and a small bronze statue of a dog.",
        "The town council said it would decide in {month} whether to change the building permit.",
        "Visitors will be able to see the mosaics on an open day planned for {day}.",
        "A similar villa found in {year} was covered over again after it had been documented.",
        "The cost of preserving the site has been estimated at around {money}.",
        "{role_cap} said the town could not afford to lose the investment the shopping centre would bring.",
    ],
}
THINGS = ("budget|project|plan|reform|decision|scheme|proposal").split("|")
RIVERS = ("Amsel|Dun|Vale|Rennet|Skarn|Loddon|Ister|Marrow|Teske|Lune").split("|")
FOOTERS = {o: f"{line}" for o, line in zip(OUTLETS, [
    "Subscribe to the {o} newsletter to get the day's main stories in your inbox every morning before eight.",
    "Support independent journalism at {o}: become a member today and read every story without adverts or limits.",
    "All content on {o} is protected by copyright and may not be reproduced without written permission from the editors.",
    "Have a story for {o}? Write to our newsroom or send us a message through the secure tip line on our website.",
    "{o} is a reader-funded local newspaper. If you value our reporting, please consider a small monthly donation.",
] * 4)}
INTROS = (
    "Editor's note: this article was first published by {src} and is republished here with permission.",
    "The following report by {src} gives the latest on a story we have been following closely this week.",
    "We are republishing this article from {src} because many readers in our region have asked about it.",
    "Update: this story has been updated with new figures released by the authorities on {day}.",
)


@dataclass
class Article:
    key: str
    beat: str
    title: str
    outlet: str
    date: str                      # ISO
    paragraphs: list[str]
    #: paragraph ids (``key#i``) in order, for the ground truth of quotes
    para_ids: list[str] = field(default_factory=list)
    group: str = ""                # the base article this is a copy of ("" for none)
    edit: str = "original"
    intro: str | None = None
    footer: str | None = None
    credit: str | None = None      # "Originally published by X on D." (printed evidence)

    def text(self) -> str:
        y, m, d = self.date.split("-")
        head = [f"# {self.title}", f"By {random.Random(self.key).choice(FIRST)}",
                f"{self.outlet}, {int(d)} {MONTHS[int(m) - 1]} {y}"]
        body = ([self.intro] if self.intro else []) + self.paragraphs
        tail = ([self.footer] if self.footer else []) + ([self.credit] if self.credit else [])
        return "\n\n".join(head + body + tail) + "\n"


SUBJECTS = ("a neighbour who asked not to be named|the owner of a café on the main square|a retired teacher|"
            "one of the organisers|a young father of two|a lorry driver waiting at the junction|"
            "the parish priest|a student at the technical college|a pensioner who has lived there all her life|"
            "a local farmer|the head of the residents' association|a volunteer with the Red Cross|"
            "a taxi driver|the manager of the sports club|a nurse coming off her shift|a bus driver").split("|")
VERBS = ("complained that|pointed out that|warned that|admitted that|recalled that|joked that|"
         "explained that|feared that|hoped that|doubted that|noted that|argued that").split("|")
CLAIMS = ("nobody had asked the people most affected|the same thing had happened twice before|"
          "the decision had been taken far away|the town was used to bad news by now|"
          "the money would end up in the wrong hands|young people were leaving for the cities|"
          "the old system had worked better|promises made last winter had been forgotten|"
          "prices in the shops had doubled in a year|the authorities had been slow to react|"
          "the community would pull together as it always had|the roads were already in a terrible state|"
          "the situation could get worse before it got better|there was no plan for the next ten years|"
          "families were worried about the winter|the problem had been obvious for a long time").split("|")
TIMES = ("on her way to work|outside the town hall|after the meeting|at the market|by telephone|"
         "in a statement|on local radio|at the bus stop|on social media|over coffee").split("|")


def _voice(rng: random.Random) -> str:
    """A sentence only this article has: who said what, where."""
    who = rng.choice(SUBJECTS)
    return (f"{who[0].upper()}{who[1:]}, speaking {rng.choice(TIMES)}, {rng.choice(VERBS)} "
            f"{rng.choice(CLAIMS)}.")


#: each writer words the same pattern their own way
WORDINGS = {
    " said ": (" said ", " told reporters ", " stated ", " said on Friday ", " insisted ", " added "),
    " more than ": (" more than ", " over ", " well over ", " at least "),
    " about ": (" about ", " around ", " roughly ", " some "),
    " residents": (" residents", " locals", " people living there", " inhabitants"),
    " would ": (" would ", " will ", " could ", " might "),
    " the region": (" the region", " the area", " the province", " the district"),
    " on ": (" on ", " on ", " late on ", " early on "),
    " new ": (" new ", " new ", " recently announced ", " planned "),
    " after ": (" after ", " following ", " shortly after ", " days after "),
    " since ": (" since ", " ever since ", " since ", " from "),
}


def _reword(sentence: str, rng: random.Random) -> str:
    for plain, choices in WORDINGS.items():
        if plain in sentence + " ":
            sentence = re.sub(re.escape(plain.rstrip()) + r"\b", rng.choice(choices).rstrip(), sentence, count=1)
    opener = rng.random()
    lowered = sentence[0].lower() + sentence[1:] if sentence.startswith(("The ", "A ")) else sentence
    if opener < 0.15:
        sentence = "Meanwhile, " + lowered
    elif opener < 0.25:
        sentence = "According to officials, " + lowered
    return sentence


def _fill(template: str, rng: random.Random, cast: dict, reword: bool = True) -> str:
    values = {
        "place": cast["place"], "place2": cast["place2"], "person": cast["person"],
        "person2": cast["person2"], "day": rng.choice(DAYS), "month": rng.choice(MONTHS),
        "year": str(rng.randrange(1998, 2015)), "n1": str(rng.randrange(2, 9)),
        "n2": str(rng.randrange(9, 30)), "n3": str(rng.randrange(30, 400)),
        "count": f"{rng.randrange(1, 40) * 100:,}", "money": f"{rng.randrange(2, 90)} million euros",
        "pct": str(rng.randrange(5, 60)), "hours": str(rng.randrange(3, 11)),
        "hour": str(rng.randrange(8, 12)), "thing": rng.choice(THINGS), "river": cast["river"],
        "ordinal": rng.choice(["second", "third", "fourth"]),
        "role_cap": rng.choice(ROLES).capitalize(),
    }
    text = template.format(**values)
    return _reword(text, rng) if reword else text


def article(rng: random.Random, key: str, *, beat: str | None = None) -> Article:
    beat = beat or rng.choice(sorted(BEATS))
    cast = {"place": rng.choice(PLACES), "place2": rng.choice(PLACES), "person": rng.choice(FIRST),
            "person2": rng.choice(FIRST), "river": rng.choice(RIVERS)}
    patterns = list(BEATS[beat])
    rng.shuffle(patterns)
    paragraphs, used = [], 0
    while used < len(patterns) - 1:
        take = min(rng.randrange(2, 4), len(patterns) - used)
        sentences = [_fill(t, rng, cast) for t in patterns[used:used + take]]
        sentences.insert(rng.randrange(len(sentences) + 1), _voice(rng))
        paragraphs.append(" ".join(sentences))
        used += take
    paragraphs = paragraphs[:rng.randrange(4, 8)]
    lead = _fill(BEATS[beat][0], rng, cast, reword=False).split(",")[0].rstrip(".").split()
    title = " ".join(lead[:rng.randrange(7, 12)])
    year, month, day = rng.randrange(2015, 2024), rng.randrange(1, 13), rng.randrange(1, 28)
    outlet = rng.choice(OUTLETS)
    return Article(key, beat, title[:90], outlet, f"{year:04d}-{month:02d}-{day:02d}", paragraphs,
                   [f"{key}#{i}" for i in range(len(paragraphs))], group=key,
                   footer=FOOTERS[outlet].format(o=outlet))


def _typos(text: str, rng: random.Random, n: int = 2) -> str:
    words = text.split(" ")
    for _ in range(n):
        i = rng.randrange(len(words))
        w = words[i]
        if len(w) > 4:
            j = rng.randrange(1, len(w) - 2)
            words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    return " ".join(words)


EDITS = ("retitled", "truncated", "dropped", "moved", "intro", "footer", "typos", "credited")


def copy_of(base: Article, rng: random.Random, key: str, edit: str) -> Article:
    """One republisher's copy of ``base`` with the named edit (and a footer of its own)."""
    outlet = rng.choice([o for o in OUTLETS if o != base.outlet])
    y, m, d = (int(x) for x in base.date.split("-"))
    later = f"{y:04d}-{m:02d}-{min(28, d + rng.randrange(0, 3)):02d}"
    paras, ids = list(base.paragraphs), list(base.para_ids)
    title, intro, credit = base.title, None, None
    if edit == "retitled":
        title = rng.choice(["What we know about ", "Explainer: ", "Latest: ", ""]) + \
            base.title.split(" ", 2)[-1].capitalize()
    elif edit == "truncated":
        keep = max(2, round(len(paras) * rng.uniform(0.45, 0.7)))
        paras, ids = paras[:keep], ids[:keep]
    elif edit == "dropped":
        for _ in range(min(2, len(paras) - 3)):
            i = rng.randrange(1, len(paras))
            del paras[i], ids[i]
    elif edit == "moved":
        i, j = rng.sample(range(len(paras)), 2)
        paras[i], paras[j] = paras[j], paras[i]
        ids[i], ids[j] = ids[j], ids[i]
    elif edit == "intro":
        intro = rng.choice(INTROS).format(src=base.outlet, day=rng.choice(DAYS))
    elif edit == "typos":
        paras = [_typos(p, rng) if rng.random() < 0.5 else p for p in paras]
    elif edit == "credited":
        y0, m0, d0 = base.date.split("-")
        credit = f"Originally published by {base.outlet} on {int(d0)} {MONTHS[int(m0) - 1]} {y0}."
    return Article(key, base.beat, title, outlet, later, paras, ids, group=base.group, edit=edit,
                   intro=intro, footer=FOOTERS[outlet].format(o=outlet), credit=credit)


def quoting_article(base: Article, rng: random.Random, key: str) -> tuple[Article, str]:
    """A different article on the same beat that quotes one paragraph of ``base``; returns it
    and the quoted paragraph's id."""
    host = article(rng, key, beat=base.beat)
    long_enough = [i for i, p in enumerate(base.paragraphs) if len(p.split()) >= 25] or [0]
    i = rng.choice(long_enough)
    quote = f"As {base.outlet} reported, “{base.paragraphs[i]}”"
    at = rng.randrange(1, len(host.paragraphs))
    host.paragraphs.insert(at, quote)
    host.para_ids.insert(at, base.para_ids[i])
    host.edit = "quotes"
    return host, base.para_ids[i]


@dataclass
class EvalSet:
    articles: list[Article]
    #: (key, key) pairs that are the same work / that share a quoted paragraph
    same_work: set[tuple[str, str]]
    quotes: set[tuple[str, str]]


def pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def generate(n_copies: int, seed: int = 11) -> EvalSet:
    """About ``n_copies`` articles: originals with 1-5 copies, quoting articles, and unrelated
    articles on the same beats (which nothing may link)."""
    rng = random.Random(seed)
    articles: list[Article] = []
    same, quotes = set(), set()
    serial = 0
    while len(articles) < n_copies:
        serial += 1
        base = article(rng, f"a{serial:05d}")
        group = [base]
        roll = rng.random()
        if roll < 0.25:            # unrelated, same beat: a negative
            articles.append(base)
            continue
        for c in range(rng.randrange(1, 5)):
            group.append(copy_of(base, rng, f"a{serial:05d}c{c}", rng.choice(EDITS)))
        articles.extend(group)
        for i in range(len(group)):
            for j in range(i + 1, len(group)):
                same.add(pair(group[i].key, group[j].key))
        if rng.random() < 0.3:
            host, para = quoting_article(base, rng, f"a{serial:05d}q")
            articles.append(host)
            for member in group:
                if para in member.para_ids:
                    quotes.add(pair(host.key, member.key))
    return EvalSet(articles, same, quotes)
