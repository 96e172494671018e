"""A seeded stream of news items for the replay tests, written by the project (no text comes from
the shared data): rows in the layout of ``peru-news-items.csv`` (``title``, ``description`` as
HTML, ``image_url``, ``original_url``, ``created_at``, ``website``), by outlet host, oldest first.

About one in ten (``crime_share``) are crime reports (killings, attacks, extortion, robberies, arrests) in districts
of the gazetteer, each incident told by one to three outlets in their own wording around the same
identifying words (the victim's trade, the company, the street), so extraction finds events and
the merger joins reports; the rest is sports, economy, culture, weather and politics. Like the
real items, some addresses carry tracking parameters and a few items appear twice.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

OUTLETS = ("diario-norte.pe", "noticias-centro.pe", "radio-andina.pe", "tv-capital.pe",
           "el-vigia-sur.pe", "prensa-oriente.pe")

# (district, province, department)
PLACES = [
    ("San Juan de Lurigancho", "Lima", "Lima"), ("Comas", "Lima", "Lima"),
    ("Villa El Salvador", "Lima", "Lima"), ("Ate", "Lima", "Lima"),
    ("San Martín de Porres", "Lima", "Lima"), ("Carabayllo", "Lima", "Lima"),
    ("Los Olivos", "Lima", "Lima"), ("Puente Piedra", "Lima", "Lima"),
    ("Chorrillos", "Lima", "Lima"), ("Independencia", "Lima", "Lima"),
    ("Ventanilla", "Callao", "Callao"), ("La Esperanza", "Trujillo", "La Libertad"),
    ("El Porvenir", "Trujillo", "La Libertad"), ("Castilla", "Piura", "Piura"),
    ("Sullana", "Sullana", "Piura"), ("José Leonardo Ortiz", "Chiclayo", "Lambayeque"),
    ("Cerro Colorado", "Arequipa", "Arequipa"), ("Chimbote", "Santa", "Áncash"),
]
TRADES = ["mototaxista", "cobrador de combi", "chofer de colectivo", "bodeguero", "comerciante de abarrotes",
          "vigilante", "taxista", "dueño de una ferretería", "estibador", "barbero"]
COMPANIES = ["Los Halcones del Norte", "Santa Rosa Express", "Virgen de Chapi", "Nueva Estrella",
             "Señor de Muruhuay", "Los Rápidos del Sur", "Flor de Mayo", "El Amanecer", "San Cristóbal Tours"]
STREETS = ["jirón Los Pinos", "avenida Las Magnolias", "calle Los Jazmines", "pasaje Santa Inés",
           "avenida El Sauce", "jirón Los Cedros", "calle Las Orquídeas", "avenida Los Laureles"]
BUSINESSES = ["una bodega", "una farmacia", "un grifo", "una pollería", "una ferretería", "un minimarket"]
NUMBERS = {1: "un", 2: "dos", 3: "tres", 4: "cuatro", 5: "cinco"}

TEAMS = ["Deportivo Cumbre", "Atlético Ribereño", "Unión Costera", "Sport Andino", "Real Amazonas",
         "Juventud Minera"]
CITIES = ["Cusco", "Huancayo", "Cajamarca", "Ayacucho", "Puno", "Tacna", "Iquitos", "Huaraz"]
DISHES = ["ceviche", "ají de gallina", "pachamanca", "rocoto relleno", "causa limeña", "juane"]
TOPICS = ["el presupuesto de salud", "la reforma de pensiones", "los gobiernos regionales",
          "el transporte urbano", "la educación rural", "el agua potable"]


def _crime(rng: random.Random, incident: dict, variant: int) -> tuple[str, str]:
    d, trade, company, street = incident["district"], incident["trade"], incident["company"], incident["street"]
    kind = incident["kind"]
    if kind == "killing":
        titles = [f"Asesinan a {trade} en {d}: la empresa {company} había denunciado extorsiones",
                  f"Sicarios matan a balazos a un {trade} en el {street}, en {d}",
                  f"{trade.capitalize()} de la empresa {company} muere tras ataque a balazos en {d}"]
        body = [f"Un {trade} de {incident['age']} años fue asesinado a balazos en el {street}, en el distrito "
                f"de {d}, {incident['department']}. Dos sujetos llegaron en motocicleta y le dispararon.",
                f"Sus compañeros de la empresa {company} contaron que recibían amenazas y que les exigían "
                f"un pago diario. La policía busca a los atacantes.",
                f"La víctima, un {trade} de {incident['age']} años, murió en el lugar. Vecinos del "
                f"{street} escucharon varios disparos."]
    elif kind == "attack":
        n = incident["injured"]
        titles = [f"Ataque a balazos contra {trade} en {d} deja {NUMBERS[n]} herido{'s' * (n > 1)}",
                  f"Disparan contra vehículo de la empresa {company} en {d}",
                  f"{d}: balean a {trade} en el {street}"]
        body = [f"Desconocidos dispararon contra un {trade} de la empresa {company} en el {street}, "
                f"en {d}. {NUMBERS[n].capitalize()} persona{'s' * (n > 1)} resultó herida{'s' * (n > 1)}.",
                f"Los heridos fueron llevados al hospital. La empresa {company} había recibido cartas "
                f"extorsivas, según sus trabajadores.",
                f"El ataque ocurrió en el {street}. La policía recogió casquillos de bala en la zona."]
    elif kind == "extortion":
        titles = [f"Extorsionadores amenazan a {trade}s de la empresa {company} en {d}",
                  f"Dejan explosivo y carta extorsiva en {incident['business']} del {street}, en {d}",
                  f"{trade.capitalize()}s de {d} denuncian cobro de cupos"]
        body = [f"Los {trade}s de la empresa {company} denunciaron que una banda les exige un pago "
                f"semanal en el distrito de {d}. Dejaron una carta extorsiva y un explosivo en {incident['business']}.",
                f"En el {street} los vecinos encontraron el artefacto y una nota con amenazas. Nadie "
                f"resultó herido.",
                f"La denuncia por extorsión fue presentada en la comisaría de {d}."]
    elif kind == "robbery":
        titles = [f"Asaltan {incident['business']} en {d} y se llevan {incident['amount']} soles",
                  f"Delincuentes armados roban en {incident['business']} del {street}, en {d}",
                  f"Robo en {d}: cámaras registran asalto a {incident['business']}"]
        body = [f"Tres delincuentes armados asaltaron {incident['business']} en el {street}, en {d}, "
                f"y se llevaron {incident['amount']} soles y celulares.",
                f"Las cámaras de seguridad del {street} registraron el robo. El dueño presentó la denuncia.",
                f"Los asaltantes huyeron en un auto. No hubo heridos, según la policía de {d}."]
    else:  # arrest
        n = incident["arrested"]
        titles = [f"Capturan a {NUMBERS[n]} presuntos extorsionadores en {d}",
                  f"Policía desarticula banda que cobraba cupos a {trade}s en {d}",
                  f"Detienen en {d} a {NUMBERS[n]} acusados de extorsionar a la empresa {company}"]
        body = [f"Agentes de la Policía Nacional detuvieron a {NUMBERS[n]} presuntos integrantes de una "
                f"banda que cobraba cupos a {trade}s de la empresa {company} en {d}.",
                f"En una vivienda del {street} se hallaron celulares, chips y cuadernos con los nombres "
                f"de los comerciantes amenazados.",
                f"Los detenidos fueron llevados a la comisaría de {d} y la fiscalía pidió prisión preventiva."]
    title = titles[variant % len(titles)]
    order = body[variant % len(body):] + body[:variant % len(body)]
    return title, "<p>" + "</p><p>".join(order) + "</p>"


def _other(rng: random.Random) -> tuple[str, str]:
    kind = rng.randrange(6)
    if kind == 0:
        a, b = rng.sample(TEAMS, 2)
        ga, gb = rng.randint(1, 4), rng.randint(0, 2)
        return (f"{a} venció {ga}-{gb} a {b} y sigue en la pelea por el torneo",
                f"<p>Con goles en el segundo tiempo, {a} se impuso a {b} en su estadio. "
                f"El técnico destacó el trabajo del plantel.</p>")
    if kind == 1:
        rate = rng.randint(360, 395) / 100
        return (f"El dólar cerró en {rate:.2f} soles y la bolsa de Lima terminó al alza",
                f"<p>El tipo de cambio llegó a {rate:.2f} soles por dólar en una jornada de pocas "
                f"operaciones. Las acciones mineras subieron con el precio del cobre.</p>")
    if kind == 2:
        city = rng.choice(CITIES)
        return (f"Festival de música reúne a {rng.randint(2, 40)} mil visitantes en {city}",
                f"<p>Bandas de todo el país participaron en el festival de {city}, que se celebra cada "
                f"año en la plaza principal. Los organizadores anunciaron una nueva edición.</p>")
    if kind == 3:
        city = rng.choice(CITIES)
        return (f"Senamhi pronostica lluvias moderadas en {city} durante el fin de semana",
                f"<p>Las temperaturas bajarán en la sierra y se esperan lluvias por la tarde en {city}. "
                f"Se recomienda a los agricultores proteger sus cultivos.</p>")
    if kind == 4:
        topic = rng.choice(TOPICS)
        return (f"El Congreso debatirá un proyecto sobre {topic}",
                f"<p>La comisión aprobó el dictamen sobre {topic} y lo envió al pleno. Los voceros de "
                f"las bancadas anunciaron que presentarán cambios.</p>")
    dish = rng.choice(DISHES)
    return (f"Cómo preparar {dish} en casa: ingredientes y pasos",
            f"<p>El {dish} es uno de los platos favoritos de las familias. Te contamos cómo prepararlo "
            f"con ingredientes del mercado en menos de una hora.</p>")


def _slug(title: str) -> str:
    table = str.maketrans("áéíóúñü", "aeiounu")
    words = "".join(c if c.isalnum() else " " for c in title.lower().translate(table)).split()
    return "-".join(words[:12])


def generate_items(per_outlet: int = 300, *, seed: int = 20260301, crime_share: float = 0.1,
                   start: datetime = datetime(2026, 3, 1, 5, tzinfo=timezone.utc)) -> dict[str, list[dict]]:
    """``per_outlet`` items for each of six outlets, about ``crime_share`` of them crime reports
    (a general feed's mix, so extraction keeps pace with polling as on real feeds), spread over the
    days after ``start``, oldest first; the same seed gives the same stream."""
    rng = random.Random(seed)
    span = timedelta(minutes=35 * per_outlet)
    streams: dict[str, list[dict]] = {host: [] for host in OUTLETS}
    serial = 0

    def add(host: str, when: datetime, title: str, description: str) -> None:
        nonlocal serial
        serial += 1
        section = "policiales" if description.count("policía") or "asesin" in title.lower() else "actualidad"
        url = f"https://{host}/{section}/{_slug(title)}-{serial}/"
        if rng.random() < 0.1:
            url += rng.choice(["?utm_source=rss", "?ref=portada&utm_medium=feed", "?outputType=amp"])
        streams[host].append({
            "title": title, "description": description,
            "image_url": f"https://{host}/imagenes/{serial}.jpg", "original_url": url,
            "created_at": when.strftime("%Y-%m-%d %H:%M:%S+00:00"), "website": f"https://{host}",
        })
        if rng.random() < 0.02:  # the same item published twice
            streams[host].append(dict(streams[host][-1]))

    kinds = ["killing", "killing", "attack", "extortion", "robbery", "arrest"]
    for _ in range(round(per_outlet * len(OUTLETS) * crime_share / 1.8)):  # 1.8 reports an incident
        district, _, department = rng.choice(PLACES)
        incident = {"kind": rng.choice(kinds), "district": district, "department": department,
                    "trade": rng.choice(TRADES), "company": rng.choice(COMPANIES), "street": rng.choice(STREETS),
                    "business": rng.choice(BUSINESSES), "age": rng.randint(19, 58),
                    "injured": rng.randint(1, 3), "arrested": rng.randint(2, 5),
                    "amount": rng.choice([800, 1500, 3200, 5000, 12000])}
        when = start + span * rng.random()
        for variant, host in enumerate(rng.sample(OUTLETS, rng.choice([1, 1, 2, 2, 3]))):
            add(host, when + timedelta(minutes=rng.randint(5, 360)), *_crime(rng, incident, variant))
    for host in OUTLETS:
        while len(streams[host]) < per_outlet:
            add(host, start + span * rng.random(), *_other(rng))
    for host, rows in streams.items():
        rows.sort(key=lambda r: r["created_at"])
        del rows[per_outlet:]
    return streams
