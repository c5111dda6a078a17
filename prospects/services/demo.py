"""A realistic, deterministic demo pipeline: one trade show's leads worked over a few months.

The same generator seeds the benchmark databases (100,000 prospects, 500,000 actions).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from prospects.domain import Action, HistoryEntry, Prospect, Status, User, fold
from prospects.services import settings, unit_of_work
from prospects.store import Store

FIRST_NAMES = (
    "Paul", "Amélie", "Ousmane", "Lucía", "Éric", "Jürgen", "Siobhan", "Marc", "Claire", "Minh", "Sophie",
    "Thomas", "Nadia", "Julien", "Camille", "Karim", "Élodie", "Hugo", "Inès", "Mathieu", "Léa", "Antoine",
    "Fatou", "Pierre", "Chloé", "Yann", "Manon", "Rémi", "Agnès", "François",
)
LAST_NAMES = (
    "Hisson", "Lefèvre", "N'Diaye", "García", "Dupont", "Müller", "O'Neil", "Bertiet", "Roussel", "Nguyen",
    "Martin", "Bernard", "Petit", "Durand", "Moreau", "Laurent", "Simon", "Michel", "Garnier", "Faure",
    "Rousseau", "Blanc", "Guérin", "Boyer", "Chevalier", "François", "Legrand", "Gauthier", "Perrin", "Morel",
)
COMPANIES = (
    "Euro Transports", "Transports Lefèvre & Fils", "Logisud", "Frío Ibérica SL", "Cars du Val",
    "Müller Spedition GmbH", "Green Freight Ltd", "Bertiet Poids Lourds", "Messagerie Rapide SAS",
    "Fret Express Océan", "TransAlpes", "Rhône Logistique", "Atlantique Fret", "Citérama", "Groupe Vecteur",
    "Normandie Express", "Bretagne Frigo", "Ardennes Cargo", "Provence Distribution", "Azur Bus",
)
CITIES = (
    ("69007", "Lyon"), ("06000", "Nice"), ("13015", "Marseille"), ("91100", "Corbeil-Essonnes"),
    ("59000", "Lille"), ("44000", "Nantes"), ("75011", "Paris"), ("33000", "Bordeaux"), ("67000", "Strasbourg"),
    ("31000", "Toulouse"),
)
JOBS = ("Directeur général", "Responsable exploitation", "Gérant", "Responsable parc", "DSI", "Acheteur", "DAF")
# The demo's texts in each language: a team working in French sees a French pipeline.
SUMMARIES = {
    "en": (
        "Fleet management module", "Replace the group ERP", "Telematics for 40 trucks", "Maintenance planning",
        "Driver time tracking", "Invoicing automation", "Spare parts stock", "Tachograph data import",
        "Route optimisation pilot", "Multi-depot roll-out",
    ),
    "fr": (
        "Module de gestion de flotte", "Remplacement de l'ERP du groupe", "Télématique pour 40 camions",
        "Planification de l'entretien", "Suivi du temps des chauffeurs", "Automatisation de la facturation",
        "Stock de pièces détachées", "Import des données chronotachygraphe", "Pilote d'optimisation des tournées",
        "Déploiement multi-dépôts",
    ),
}
ACTION_TITLES = {
    "en": (
        "Call back", "Send the brochure", "Demo of the fleet module", "Send a quote", "Follow up the quote",
        "Meeting at their office", "Reference call", "Negotiate the price", "Check the budget", "Send the contract",
    ),
    "fr": (
        "Rappeler", "Envoyer la plaquette", "Démo du module flotte", "Envoyer un devis", "Relancer le devis",
        "Rendez-vous chez le client", "Appel de référence", "Négocier le prix", "Valider le budget", "Envoyer le contrat",
    ),
}
ACTION_NOTES = {
    "en": "Client very responsive.\nWants a demo with the fleet manager.",
    "fr": "Client très réactif.\nSouhaite une démo avec le responsable de parc.",
}
CAMPAIGN = "Salon Solutrans 2026"
DEMO_USERS = (("Sophie Martin", "SM"), ("Karim Benali", "KB"))


@dataclass
class DemoData:
    prospects: list[Prospect]
    actions: list[tuple[int, Action]]  # index of the prospect in `prospects`, action
    history: list[tuple[int, HistoryEntry]]


def generate(
    store: Store,
    prospects: int = 60,
    actions: int | None = None,
    seed: int = 2026,
    now: datetime | None = None,
) -> DemoData:
    """Build a pipeline whose stages, owners and channels come from the store's settings."""
    rng = random.Random(seed)
    now = (now or datetime.now()).replace(microsecond=0)
    stages = store.stages.list()
    users = [u.id for u in store.users.list(active_only=True)]
    channels = store.choices.names("channel")
    reasons = store.choices.names("loss_reason")
    civilities = store.choices.names("civility")
    sectors = store.choices.names("sector")
    categories = list(store.categories.labels())
    actions_target = actions if actions is not None else prospects * 3

    texts = _language(store)
    data = DemoData([], [], [])
    for i in range(prospects):
        created = now - timedelta(days=rng.randint(3, 180), hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
        reached = rng.choices(range(len(stages)), weights=[30, 25, 20, 15, 10][: len(stages)] or None)[0]
        roll = rng.random()
        status = Status.WON if roll < 0.15 else Status.LOST if roll < 0.27 else Status.OPEN
        # The stage changes, spread between creation and now.
        moments = sorted(created + (now - created) * rng.random() for _ in range(reached + 1))
        moments[0] = created
        for step in range(reached + 1):
            old = str(stages[step - 1].id) if step else None
            data.history.append((i, HistoryEntry(None, 0, moments[step], rng.choice(users), "stage", old, str(stages[step].id))))
        closed_on = None
        if status is not Status.OPEN:
            when = moments[-1] + (now - moments[-1]) * rng.random()
            if i % 17 == 0:
                # A few deals closed today (shown on the board), even just after midnight.
                when = max(moments[-1], now - timedelta(hours=1), now.replace(hour=0, minute=0, second=0))
            closed_on = when.date()
            data.history.append((i, HistoryEntry(None, 0, when, rng.choice(users), "status", "open", str(status))))
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        company = rng.choice(COMPANIES)
        postal_code, city = rng.choice(CITIES)
        is_company = rng.random() < 0.05
        revenue = Decimal(rng.randrange(2_000, 120_000, 500))
        data.prospects.append(
            Prospect(
                civility=None if is_company else rng.choice(civilities),
                last_name=None if is_company else last.upper(),
                first_name=None if is_company else first,
                is_company=is_company,
                company=company,
                status=status,
                stage_id=stages[reached].id,
                project_summary=rng.choice(SUMMARIES[texts]),
                channel=channels[0] if rng.random() < 0.6 else rng.choice(channels),
                direct_approach=rng.random() < 0.2,
                owner_id=rng.choice(users),
                campaign=CAMPAIGN if rng.random() < 0.7 else None,
                interest=rng.choice((None, None, 20, 40, 50, 60, 75, 90)),
                project_due=(now + timedelta(days=rng.randint(-20, 200))).date(),
                expected_revenue=revenue,
                rating=rng.randint(0, 5),
                closed_on=closed_on,
                loss_reason=rng.choice(reasons) if status is Status.LOST else None,
                postal_code=postal_code,
                city=city,
                country="France",
                phone=f"+334{rng.randint(10_000_000, 99_999_999)}",  # stored normalised (E.164), as the app does
                email=f"{_ascii(first)}.{_ascii(last)}{i}@{_ascii(company).replace(' ', '')[:14]}.example".lower(),
                job_title=rng.choice(JOBS),
                sector=rng.choice(sectors) if sectors else None,
                categories=tuple(sorted(rng.sample(categories, k=rng.randint(0, min(2, len(categories)))))),
                created_at=created,
                created_by=rng.choice(users),
                updated_at=moments[-1],
            )
        )
    _add_actions(data, rng, now, users, actions_target, texts)
    return data


def _add_actions(data: DemoData, rng: random.Random, now: datetime, users: list[int], target: int, texts: str) -> None:
    count = len(data.prospects)
    for n in range(target):
        i = n % count if n < count else rng.randrange(count)
        prospect = data.prospects[i]
        open_deal = prospect.status is Status.OPEN
        # Past actions are done; an open deal's latest action is late, today or later.
        # Each prospect's first action is the open one; later ones are mostly history.
        kind = 0.55 + rng.random() * 0.45 if n < count else rng.random()
        if not open_deal or kind < 0.55:
            span = max(1, (now - prospect.created_at).days)
            due = prospect.created_at + timedelta(days=rng.randint(0, span), hours=rng.randint(8, 17) - prospect.created_at.hour)
            due = min(due, now - timedelta(hours=1))
            done = open_deal is False or rng.random() < 0.85
        elif kind < 0.70:
            due = (now - timedelta(days=rng.randint(1, 10))).replace(hour=rng.randint(8, 17), minute=0, second=0)
            done = False
        elif kind < 0.80:
            due = now.replace(hour=rng.choice((9, 11, 14, 16, 17)), minute=rng.choice((0, 30)), second=0)
            done = False
        else:
            due = now + timedelta(days=rng.randint(1, 30))
            due = due.replace(hour=rng.randint(8, 17), minute=0, second=0)
            done = False
        if i % 11 == 5:  # some open deals have no next step: a warning on the board
            done = True
            due = min(due, now - timedelta(hours=2))
        data.actions.append(
            (
                i,
                Action(
                    title=rng.choice(ACTION_TITLES[texts]),
                    due_at=due,
                    assignee_id=prospect.owner_id,
                    done=done,
                    done_at=due if done else None,
                    important=rng.random() < 0.15,
                    notes=ACTION_NOTES[texts] if rng.random() < 0.2 else None,
                    created_at=min(due, now),
                    created_by=prospect.owner_id,
                ),
            )
        )


def _language(store: Store) -> str:
    """The language of the demo's texts: the team's (English when it has no text in it)."""
    lang = settings.team_language(store)
    return lang if lang in SUMMARIES else "en"


def load(store: Store, prospects: int = 60, actions: int | None = None, seed: int = 2026) -> tuple[int, int]:
    """Write a generated pipeline in one transaction; returns (prospects, actions) written."""
    def work() -> tuple[int, int]:
        known = {u.initials for u in store.users.list()}
        for full_name, initials in DEMO_USERS:
            if initials not in known:
                store.users.create(User(None, full_name, initials))
        data = generate(store, prospects, actions, seed)
        ids = store.prospects.insert_many(data.prospects, by=None)
        store.prospects.insert_history(
            [HistoryEntry(None, ids[i], h.changed_at, h.changed_by, h.field, h.old_value, h.new_value) for i, h in data.history]
        )
        store.actions.insert_many([a.replace(prospect_id=ids[i]) for i, a in data.actions], by=None)
        return len(data.prospects), len(data.actions)

    return unit_of_work.run(store, work)


def _ascii(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum() or c == " ")
