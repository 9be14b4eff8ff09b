"""Generate synthetic verksamhetsplaner to grow the corpus (10x, 100x, 1000x entities).

Plans vary in nämnd, year, numbering depth (goal areas as chapters or as sub-sections), table
layout, origin phrases, wording and indicator lists, and they state their own totals, so the
real parser and SHACL shapes accept them. Deterministic for a given seed.

    python -m bench.synthetic_plans OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NAMNDER = [
    "Socialnämnden Centrum",
    "Socialnämnden Hisingen",
    "Socialnämnden Nordost",
    "Kulturnämnden",
    "Idrotts- och föreningsnämnden",
    "Grundskolenämnden",
    "Förskolenämnden",
    "Utbildningsnämnden",
    "Miljö- och klimatnämnden",
    "Nämnden för funktionsstöd",
    "Äldre samt vård- och omsorgsnämnden",
]
AREAS = [
    "Tidiga insatser",
    "Arbete och sysselsättning",
    "Trygghet och stadsutveckling",
    "Delaktighet och tillit",
    "Kultur, kvalitet och effektivitet",
    "Hållbar stad",
    "Lärande och bildning",
    "Hälsa och omsorg",
]
SUBJECTS = [
    "Barn och unga",
    "Äldre",
    "Personer i hemlöshet",
    "Nyanlända",
    "Föreningar",
    "Medarbetare",
    "Unga vuxna",
    "Familjer med låg inkomst",
    "Våldsutsatta kvinnor",
    "Personer med beroendeproblematik",
]
OUTCOMES = [
    "ska få bättre stöd",
    "ska bli fler",
    "ska känna sig tryggare",
    "ska ha tillgång till meningsfull fritid",
    "ska nå egen försörjning",
    "ska få tidiga insatser",
    "ska minska",
    "ska öka sin delaktighet",
]
ACTIONS = ["utreda", "utveckla", "införa", "följa upp", "stärka", "samordna", "kartlägga"]
TOPICS = [
    "vräkningsförebyggande arbete",
    "öppenvårdsinsatser",
    "föräldrastöd",
    "fritidsbanker",
    "skolkoordinatorer",
    "boendelösningar",
    "digitala tjänster",
    "brottsförebyggande arbete",
    "stöd till familjehem",
    "språkstöd",
    "feriejobb för unga",
    "samverkan med civilsamhället",
]
PARTNERS = [
    "grundskolenämnden",
    "Framtiden AB",
    "Västra Götalandsregionen",
    "stadsfastighetsnämnden",
    "kulturnämnden",
    "polismyndigheten",
]
PROGRAMMES = [
    "program för full delaktighet för personer med funktionsnedsättning",
    "folkhälsoprogram",
    "miljö- och klimatprogram",
    "program för attraktiv arbetsgivare",
    "innovationsprogram",
    "program för idrott och föreningsliv",
]
PLANS = [
    "plan för jämställdhet",
    "barnrättsplan",
    "plan mot hemlöshet",
    "avfallsplan",
    "handlingsplan för åldersvänliga Göteborg",
    "plan för mänskliga rättigheter",
    "plan för barn och ungekultur",
    "lokalförsörjningsplan",
]
INDICATORS = [
    "Antal {s} som får stöd",
    "Andel {s} i egen försörjning",
    "Upplevd trygghet bland {s}",
    "Antal insatser för {s}",
    "Väntetid för {s} (dagar)",
]


def _origin(rnd: random.Random, year: int) -> tuple[str, bool]:
    """An origin phrase and whether it is from this year's budget."""
    choice = rnd.random()
    if choice < 0.45:
        return f"KF uppdrag budget {year}", True
    if choice < 0.6:
        return f"KF uppdrag från budget {year - 1}", False
    if choice < 0.75:
        return f"KF uppdrag utanför budget {year - rnd.randint(1, 2)}", False
    if choice < 0.87:
        day = f"{year - 1}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        point = f", punkt {rnd.randint(1, 9)}" if rnd.random() < 0.4 else ""
        return f"KF uppdrag utanför budget, KF {day} §{rnd.randint(1, 40)}{point}", False
    return f"SN uppdrag utanför budget {year - 1}", False


def generate_plan(seed: int) -> str:
    rnd = random.Random(seed)
    namnd = rnd.choice(NAMNDER)
    year = rnd.randint(2019, 2030)
    shallow = rnd.random() < 0.5  # areas as chapters (2, 3, ...) or as 3.1, 3.2, ...
    areas = rnd.sample(AREAS, rnd.randint(2, 5))
    body: list[str] = []
    goals = assignments = 0
    this_year = 0
    programmes: set[str] = set()
    plans: set[str] = set()
    for a, area in enumerate(areas, start=1):
        prefix = f"{a + 1}" if shallow else f"3.{a}"
        body += [
            f"{prefix} {area.upper()}",
            "",
            f"{prefix}.1 {'Mål' if shallow else 'Nämndens mål'}",
            "",
        ]
        for g in range(1, rnd.randint(1, 4) + 1):
            goals += 1
            subject = rnd.choice(SUBJECTS)
            bullet = "- " if rnd.random() < 0.2 else ""
            body += [
                f"{bullet}{prefix}.1.{g} {subject} {rnd.choice(OUTCOMES)}.",
                "",
                "Nämndens omhändertagande",
                "",
                f"Förvaltningen ska {rnd.choice(ACTIONS)} {rnd.choice(TOPICS)} för "
                f"{subject.lower()} i samverkan med {rnd.choice(PARTNERS)}.",
                "",
            ]
            if rnd.random() < 0.7:
                body += [
                    f"Under {year} kommer förvaltningen att prioritera följande "
                    "utvecklingsområden:",
                    "",
                ]
                body += [
                    f"- {rnd.choice(ACTIONS).capitalize()} {rnd.choice(TOPICS)}"
                    for _ in range(rnd.randint(1, 4))
                ] + [""]
            if rnd.random() < 0.8:
                body += [
                    "Uppföljning",
                    "",
                    "Uppföljning av måluppfyllelse görs utifrån följande indikatorer:",
                    "",
                ]
                body += [
                    "- " + rnd.choice(INDICATORS).format(s=rnd.choice(SUBJECTS).lower())
                    for _ in range(rnd.randint(1, 6))
                ] + [""]
        body += [f"{prefix}.2 Uppdrag", "", "Uppdrag\tNämndens omhändertagande"]
        for _ in range(rnd.randint(1, 5)):
            assignments += 1
            origin, current = _origin(rnd, year)
            this_year += current
            who = rnd.choice([namnd, "Socialnämnderna", "Alla nämnder och styrelser"])
            if origin.startswith("SN"):
                who = "Förvaltningen"
            text = (
                f"{who} får i uppdrag att {rnd.choice(ACTIONS)} {rnd.choice(TOPICS)}"
                + (f" i samverkan med {rnd.choice(PARTNERS)}" if rnd.random() < 0.4 else "")
                + "."
            )
            care = f"Arbetet med {rnd.choice(TOPICS)} pågår."
            if rnd.random() < 0.5:
                body.append(f"<p>{text}</p>\t<p>{care}</p> <p>{origin}</p>")
            else:
                body.append(f"{text}\t{care} {origin}")
        body += ["", f"{prefix}.3 Program och planer", "", "Program/Plan"]
        for _ in range(rnd.randint(1, 3)):
            is_programme = rnd.random() < 0.4
            name = rnd.choice(PROGRAMMES if is_programme else PLANS)
            (programmes if is_programme else plans).add(name)
            stad = rnd.choice(["Göteborgs Stads", "Göteborg Stads"])
            care = rnd.choice(
                [
                    "Fortsätta utveckla befintligt arbete.",
                    "Förvaltningen planerar inga aktiviteter kopplade till planen.",
                    "Omhändertas inom målen.",
                ]
            )
            body.append(f"<p>{stad} {name}</p> <p>Nämndens omhändertagande <i>{care}</i></p>")
        body.append("")
    intro = [
        f"Nämnden ska bidra till {goals} mål och genomföra {this_year} uppdrag som ingår "
        f"i budget {year}. Från föregående år kvarstår {assignments - this_year} uppdrag. "
        f"Nämnden ska även bidra till {len(programmes)} program och {len(plans)} planer.",
        "",
    ]
    head = ["", f"Verksamhetsplan {year}", "", namnd, "", "1 Inledning", "", *intro]
    if not shallow:
        head += [
            "2 Förutsättningar",
            "",
            "Texten beskriver förutsättningarna.",
            "",
            "3 Nämndens mål och uppdrag",
            "",
        ]
    return "\n".join(head + body) + "\n"


def generate_corpus(directory: Path, count: int, seed: int = 1) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = directory / f"verksamhetsplan-syntetisk-{seed}-{i:05d}.txt"
        path.write_text(generate_plan(seed * 1_000_003 + i), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(len(generate_corpus(args.out, args.count, args.seed)), "plans written to", args.out)


if __name__ == "__main__":
    main()
