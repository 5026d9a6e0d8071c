"""Actor registry: data integrity, and actor mentions found in French sentences."""
from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

import pycountry
import pytest

import veille.actors
from veille.actors import ActorRegistry, default_registry
from veille.actors.registry import (ACTORS_HEADER, AGREEMENTS, ENGLISH_HEADER, GENERIC_HEADER, KINDS,
                                    NATIONALITIES_HEADER, ORGANS_HEADER)
from veille.records import ActorMention
from veille.textnorm import fold

DATA = Path(veille.actors.__file__).parent / "data"

# Aliases deliberately shared by two actors (none today): {folded alias: {names}}.
SHARED_ALIASES: dict[str, set[str]] = {}


@pytest.fixture(scope="module")
def registry() -> ActorRegistry:
    return default_registry()


def mentions(registry: ActorRegistry, text: str) -> list[ActorMention]:
    found = registry.find(text)
    for m in found:
        assert text[m.start:m.end] == m.text
    return found


def resolved(registry: ActorRegistry, text: str) -> list[tuple[str, str, str | None, str]]:
    """(span text, canonical name, alpha-3, kind) of every mention."""
    return [(m.text, m.actor.name, m.actor.country, m.actor.kind) for m in mentions(registry, text)]


def rows(filename: str) -> list[list[str]]:
    """Data rows of a TSV file, header excluded."""
    lines = [line for line in (DATA / filename).read_text(encoding="utf-8").split("\n")
             if line.strip() and not line.startswith("#")]
    return [line.split("\t") for line in lines[1:]]


# ---------------------------------------------------------------- data integrity

def test_every_row_parses_with_the_header_column_count() -> None:
    for filename, header in [("actors.tsv", ACTORS_HEADER), ("generic.tsv", GENERIC_HEADER),
                             ("nationalities.tsv", NATIONALITIES_HEADER), ("organs.tsv", ORGANS_HEADER),
                             ("english_adjectives.tsv", ENGLISH_HEADER)]:
        lines = [line for line in (DATA / filename).read_text(encoding="utf-8").split("\n")
                 if line.strip() and not line.startswith("#")]
        assert tuple(lines[0].split("\t")) == header
        for line in lines[1:]:
            assert len(line.split("\t")) == len(header), (filename, line)


def test_kinds_countries_and_qids_are_valid() -> None:
    alpha3 = {c.alpha_3 for c in pycountry.countries}
    for name, kind, country, wikidata, _role, _aliases in rows("actors.tsv"):
        assert kind in KINDS, name
        assert not country or country in alpha3, (name, country)
        assert not wikidata or (wikidata.startswith("Q") and wikidata[1:].isdigit()), name
    for name, kind, _aliases in rows("generic.tsv"):
        assert kind in KINDS, name
    for noun, kind, agreement in rows("organs.tsv"):
        assert kind in KINDS, noun
        assert set(agreement.split("|")) <= AGREEMENTS, noun
    for country, *_ in rows("nationalities.tsv"):
        assert country in alpha3


def test_at_least_400_actors_and_every_un_member_is_a_state(registry: ActorRegistry) -> None:
    assert len(registry.actors) >= 400
    states = [a for a in registry.actors if a.kind == "state" and registry.state(a.country or "") is a]
    assert len(states) == 197  # 193 UN members, Palestine, the Holy See, Taiwan, Hong Kong (its own police, protesters)
    assert len({a.country for a in states}) == 197


def test_canonical_names_are_unique() -> None:
    names = [fold(r[0]) for r in rows("actors.tsv")] + [fold(r[0]) for r in rows("generic.tsv")]
    assert len(names) == len(set(names))


def test_no_alias_names_two_actors_unless_allowed() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for name, *_, aliases in rows("actors.tsv") + rows("generic.tsv"):
        for alias in [name, *aliases.split("|")]:
            if alias and not alias.startswith("!"):
                key = " ".join(fold(alias).replace("-", " ").replace("'", " ").split())
                for article in ("l ", "la ", "le ", "les ", "des ", "du "):
                    if key.startswith(article) and alias[:1].islower():
                        key = key[len(article):]
                owners[key].add(name)
    shared = {key: names for key, names in owners.items() if len(names) > 1}
    assert shared == SHARED_ALIASES


def test_every_state_has_nationality_data(registry: ActorRegistry) -> None:
    covered = {r[0] for r in rows("nationalities.tsv")}
    states = {a.country for a in registry.actors if a.kind == "state" and registry.state(a.country or "") is a}
    assert states <= covered
    # The adjectives of the states the corpus is about all resolve, with an agreeing noun.
    for country, phrase in [("RUS", "le gouvernement russe"), ("SYR", "l'armée syrienne"),
                            ("USA", "les soldats américains"), ("IRQ", "les autorités irakiennes"),
                            ("MLI", "les soldats maliens"), ("NER", "l'armée nigérienne"),
                            ("NGA", "le président nigérian"), ("LBY", "le gouvernement libyen"),
                            ("AFG", "la police afghane"), ("UKR", "les forces ukrainiennes"),
                            ("COD", "le gouvernement congolais"), ("BFA", "les soldats burkinabè"),
                            ("SOM", "l'armée somalienne"), ("YEM", "le gouvernement yéménite"),
                            ("ISR", "les soldats israéliens"), ("TUR", "l'armée turque"),
                            ("FRA", "les forces françaises"), ("GBR", "le gouvernement britannique"),
                            ("SAU", "le régime saoudien"), ("IRN", "les autorités iraniennes"),
                            ("CAF", "l'armée centrafricaine"), ("TCD", "les soldats tchadiens"),
                            ("SSD", "l'armée sud-soudanaise"), ("PRK", "le régime nord-coréen")]:
        found = registry.lookup(phrase)
        assert found is not None and found.country == country, (country, phrase)


def test_default_registry_is_loaded_once() -> None:
    assert default_registry() is default_registry()


# ---------------------------------------------------------------- malformed data

@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def append(path: Path, line: str) -> int:
    """Append a line to a data file; return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize("filename, line, message", [
    ("actors.tsv", "Wrong Columns\tarmed_group\t\t", "expected 6 tab-separated columns"),
    ("actors.tsv", "Some Militia\tmilitia\t\t\t\tla milice", "unknown kind 'militia'"),
    ("actors.tsv", "Some Ministry\tstate\tRUSS\t\tministry\t", "not an ISO 3166-1 alpha-3"),
    ("actors.tsv", "Some Ministry\tstate\tXYZ\t\tministry\t", "XYZ has no state row"),
    ("actors.tsv", "Second Russia\tstate\tRUS\t\t\tSeconde Russie", "second state row for RUS"),
    ("actors.tsv", "Another IS\tarmed_group\t\t\t\tDaech", "'daech' already names 'Islamic State'"),
    ("actors.tsv", "Bad Alias\tngo\t\t\t\tSOS/Aide", "could never match"),
    ("generic.tsv", "Looters\tlooters\tpillards", "unknown kind 'looters'"),
    ("nationalities.tsv", "XYZ\txyz\tXyz\t", "not the alpha-3 of a state row"),
    ("nationalities.tsv", "BEN\tsyrien\t\t", "already belongs to SYR"),
    ("nationalities.tsv", "BEN\ta|b|c\t\t", "1, 2 or 4 forms"),
    ("organs.tsv", "brigade\tmilitary\tfem", "agreement must be"),
    ("english_adjectives.tsv", "XYZ\tXyzian", "not the alpha-3 of a state row"),
    ("english_adjectives.tsv", "IRQ\tMesopotamian", "second English adjective for IRQ"),
    ("seats.tsv", "Russia\tRUS\tMoscow", "not the canonical name of an igo row"),
    ("seats.tsv", "NATO\tXYZ\tBrussels", "not the alpha-3 of a state row"),
    ("territories.tsv", "ABW\tXYZ", "not the alpha-3 of a state row"),
    ("territories.tsv", "SEN\tFRA", "is a state of actors.tsv"),
])
def test_malformed_row_raises_naming_file_and_line(data_copy: Path, filename: str, line: str,
                                                   message: str) -> None:
    lineno = append(data_copy / filename, line)
    with pytest.raises(ValueError) as raised:
        ActorRegistry.from_data_dir(data_copy)
    assert f"{filename}, line {lineno}" in str(raised.value)
    assert message in str(raised.value)


def test_an_organisation_sits_in_a_country() -> None:
    registry = default_registry()
    assert [registry.seat_country(registry.get(name)) for name in ("European Union", "African Union", "Russia")] == [
        "BEL", "ETH", None]


def test_a_territory_s_organs_are_its_sovereign_s() -> None:
    registry = default_registry()
    assert [registry.organ_actor(code, "police").name for code in ("MYT", "NCL", "SEN")] == [
        "France", "France", "Senegal"]


def test_an_analyst_row_is_picked_up_without_code(data_copy: Path) -> None:
    append(data_copy / "actors.tsv", "Katiba Serma\tarmed_group\t\t\t\tkatiba Serma|Serma brigade")
    append(data_copy / "generic.tsv", "Looters\tcivilians\tpillards")
    extended = ActorRegistry.from_data_dir(str(data_copy))
    text = "La katiba Serma et des pillards ont frappé."
    assert [(m.text, m.actor.name) for m in extended.find(text)] == [
        ("katiba Serma", "Katiba Serma"), ("pillards", "Looters")]


# ---------------------------------------------------------------- names and aliases

def test_jihadist_group_aliases(registry: ActorRegistry) -> None:
    text = ("Le groupe Etat islamique (EI) a revendiqué l'attaque, alors que Daech et l'organisation "
            "État islamique perdaient du terrain face au Front al-Nosra, à Hayat Tahrir al-Cham (HTS), "
            "à Jaich al-Fatah et à Ahrar al-Cham.")
    assert [(t, n) for t, n, _, _ in resolved(registry, text)] == [
        ("groupe Etat islamique", "Islamic State"), ("EI", "Islamic State"), ("Daech", "Islamic State"),
        ("organisation État islamique", "Islamic State"), ("Front al-Nosra", "Jabhat al-Nusra"),
        ("Hayat Tahrir al-Cham", "Hayat Tahrir al-Sham"), ("HTS", "Hayat Tahrir al-Sham"),
        ("Jaich al-Fatah", "Jaish al-Fatah"), ("Ahrar al-Cham", "Ahrar al-Sham")]


def test_hyphen_space_accent_and_apostrophe_variants(registry: ActorRegistry) -> None:
    for text in ["Al-Qaïda", "al Qaida", "Al\u2011Qaïda"]:
        assert [m.actor.name for m in registry.find(f"Un communiqué d'{text} a circulé.")] == ["Al-Qaeda"]
    found = resolved(registry, "L\u2019Observatoire syrien des droits de l\u2019homme (OSDH) a compté les morts.")
    assert [t for t, *_ in found] == ["Observatoire syrien des droits de l\u2019homme", "OSDH"]
    assert {n for _, n, _, _ in found} == {"Syrian Observatory for Human Rights"}


def test_regional_armed_groups_and_igos(registry: ActorRegistry) -> None:
    text = ("Les shebabs ont visé une base de l'Amisom ; au Nigeria, Boko Haram et l'Iswap ont frappé, "
            "tandis que la Minusma, la Cédéao et l'Otan se concertaient avec la Manul sur Fajr Libya "
            "et Ansar al-Charia, et que le Hachd al-Chaabi avançait.")
    names = [n for _, n, _, _ in resolved(registry, text)]
    assert names == ["Al-Shabaab", "African Union Mission to Somalia", "Nigeria", "Boko Haram", "ISWAP",
                     "United Nations Multidimensional Integrated Stabilization Mission in Mali", "ECOWAS", "NATO",
                     "United Nations Support Mission in Libya", "Libya Dawn", "Ansar al-Sharia", "Popular Mobilization Forces"]


def test_articles_are_not_part_of_the_span(registry: ActorRegistry) -> None:
    text = "La Russie, les États-Unis, l'ONU et les talibans ont été cités par le Pentagone."
    assert resolved(registry, text) == [
        ("Russie", "Russia", "RUS", "state"), ("États-Unis", "United States", "USA", "state"),
        ("ONU", "United Nations", None, "igo"), ("talibans", "Taliban", None, "armed_group"),
        ("Pentagone", "Pentagon", "USA", "military")]


def test_acronyms_are_case_sensitive(registry: ActorRegistry) -> None:
    assert registry.find("le mot ei ne désigne rien, pas plus que onu ou hts en minuscules") == []
    assert [m.text for m in registry.find("L'EI, l'ONU et HTS.")] == ["EI", "ONU", "HTS"]
    # Headlines in capitals still match names written in mixed case.
    assert [m.actor.name for m in registry.find("LA RUSSIE ET L'ÉTAT ISLAMIQUE")] == ["Russia", "Islamic State"]


def test_capitalised_names_need_a_capital(registry: ActorRegistry) -> None:
    assert registry.find("Un incident bénin, sans gravité.") == []
    assert [m.actor.name for m in registry.find("Le Bénin a réagi.")] == ["Benin"]
    assert [m.text for m in registry.find("Le monde entier regarde ; Le Monde l'écrit.")] == ["Le Monde"]


def test_longest_match_wins(registry: ActorRegistry) -> None:
    text = "L'Armée syrienne libre et le Washington Post ; le Conseil de sécurité de l'ONU s'est réuni."
    assert [(t, n) for t, n, _, _ in resolved(registry, text)] == [
        ("Armée syrienne libre", "Free Syrian Army"), ("Washington Post", "The Washington Post"),
        ("Conseil de sécurité de l'ONU", "UN Security Council")]


def test_generic_actors(registry: ActorRegistry) -> None:
    text = ("Des hommes armés ont tué trois villageois ; des jihadistes sont soupçonnés, "
            "les manifestants et des témoins l'affirment, les forces de sécurité ont été déployées.")
    assert [(t, n, k) for t, n, _, k in resolved(registry, text)] == [
        ("hommes armés", "Armed men", "unknown"), ("villageois", "Civilians", "civilians"),
        ("jihadistes", "Jihadists", "armed_group"), ("manifestants", "Protesters", "civilians"),
        ("témoins", "Witnesses", "unknown"), ("forces de sécurité", "Security forces", "military")]


# ---------------------------------------------------------------- organ + nationality

@pytest.mark.parametrize("text, span, name, country, kind", [
    ("Selon l'OSDH, l'aviation russe a frappé.", "aviation russe", "Russia", "RUS", "military"),
    ("L'armée de l'air syrienne a largué des barils.", "armée de l'air syrienne", "Syria", "SYR", "military"),
    ("Les forces de sécurité irakiennes ont repris le pont.", "forces de sécurité irakiennes", "Iraq", "IRQ",
     "military"),
    ("Le ministère russe de la Défense a démenti.", "ministère russe", "Russia", "RUS", "state"),
    ("Des avions russes ont survolé la zone.", "avions russes", "Russia", "RUS", "military"),
    ("La police irakienne a bouclé le quartier.", "police irakienne", "Iraq", "IRQ", "police"),
    ("Deux soldats maliens ont été blessés.", "soldats maliens", "Mali", "MLI", "military"),
    ("Le régime syrien a nié toute implication.", "régime syrien", "Syria", "SYR", "state"),
    ("Les autorités maliennes ont décrété un couvre-feu.", "autorités maliennes", "Mali", "MLI", "state"),
    ("Le chef de la diplomatie russe a répondu.", "chef de la diplomatie russe", "Russia", "RUS", "state"),
    ("Le secrétaire américain à la Défense est arrivé.", "secrétaire américain", "United States", "USA",
     "state"),
    ("L'ambassade russe aux Etats-Unis a protesté.", "ambassade russe", "Russia", "RUS", "state"),
    ("Les forces gouvernementales syriennes ont avancé.", "forces gouvernementales syriennes", "Syria", "SYR",
     "military"),
    ("Le Premier ministre irakien a limogé le général.", "Premier ministre irakien", "Iraq", "IRQ", "state"),
    ("Les hélicoptères de combat nigérians ont bombardé le camp.", "hélicoptères de combat nigérians",
     "Nigeria", "NGA", "military"),
    ("La junte burkinabè a suspendu la radio.", "junte burkinabè", "Burkina Faso", "BFA", "state"),
    ("Les militaires sud-africains sont partis.", "militaires sud-africains", "South Africa", "ZAF", "military"),
    ("Le chancelier autrichien a dénoncé l'attaque.", "chancelier autrichien", "Austria", "AUT", "state"),
    ("Les gardes-côtes tunisiens ont intercepté trois bateaux.", "gardes-côtes tunisiens", "Tunisia", "TUN",
     "military"),
    ("Les douaniers belges ont saisi deux tonnes de cocaïne.", "douaniers belges", "Belgium", "BEL", "police"),
    ("Le roi jordanien a reçu l'émissaire.", "roi jordanien", "Jordan", "JOR", "state"),
])
def test_organ_and_nationality(registry: ActorRegistry, text: str, span: str, name: str, country: str,
                               kind: str) -> None:
    found = [m for m in mentions(registry, text) if m.text == span]
    assert len(found) == 1, registry.find(text)
    actor = found[0].actor
    assert (actor.name, actor.country, actor.kind) == (name, country, kind)
    assert found[0].metonym is False


def test_organ_actors_are_built_once(registry: ActorRegistry) -> None:
    first = registry.find("L'aviation russe a frappé.")[0].actor
    second = registry.find("Des avions russes ont décollé.")[0].actor
    assert first is second is registry.organ_actor("RUS", "military")
    assert first != registry.state("RUS")


def test_adjective_must_agree_and_stay_in_the_noun_phrase(registry: ActorRegistry) -> None:
    # "maliens" agrees with "jihadistes", not with "armée": it names the jihadists' nationality.
    assert [m.actor.name for m in registry.find("L'armée a tué des jihadistes maliens.")] == [
        "Army", "Malian jihadists"]
    assert [m.actor.name for m in registry.find("Des soldats tués par des jihadistes maliens.")] == [
        "Soldiers", "Malian jihadists"]
    # A comma ends the noun phrase: "russe" belongs to "aviation".
    assert resolved(registry, "L'armée, appuyée par l'aviation russe, a avancé.") == [
        ("armée", "Army", None, "military"), ("aviation russe", "Russia", "RUS", "military")]
    # "pro-russes" is an alignment, not a nationality.
    assert [m.actor.name for m in registry.find("Des forces pro-russes ont tiré.")] == ["Pro-Russian separatists"]
    # A noun inside a name does not start an organ: "Etat" in "Etat islamique".
    assert resolved(registry, "L'Etat islamique a attaqué le village syrien.") == [
        ("Etat islamique", "Islamic State", None, "armed_group")]


# ---------------------------------------------------------------- demonyms, people, capitals

def test_demonyms(registry: ActorRegistry) -> None:
    assert [(t, c) for t, _, c, _ in resolved(registry, "Américains et Russes ont négocié avec les Turcs.")] == [
        ("Américains", "USA"), ("Russes", "RUS"), ("Turcs", "TUR")]
    assert registry.find("des avions russes") != [] and all(
        m.actor.kind == "military" for m in registry.find("des avions russes"))


def test_people_full_names_french_spellings_surnames_and_titles(registry: ActorRegistry) -> None:
    text = ("Sergueï Lavrov a reçu John Kerry ; M. Lavrov a ensuite appelé Vladimir Poutine. "
            "Bachar el-Assad a répondu à Recep Tayyip Erdogan, puis Assad a rencontré Mme Merkel. "
            "Volodymyr Zelenski et Zelensky ; le maréchal Khalifa Haftar et Haftar.")
    assert [(t, n) for t, n, _, _ in resolved(registry, text)] == [
        ("Sergueï Lavrov", "Sergey Lavrov"), ("John Kerry", "John Kerry"), ("M. Lavrov", "Sergey Lavrov"),
        ("Vladimir Poutine", "Vladimir Putin"), ("Bachar el-Assad", "Bashar al-Assad"),
        ("Recep Tayyip Erdogan", "Recep Tayyip Erdogan"), ("Assad", "Bashar al-Assad"),
        ("Mme Merkel", "Angela Merkel"), ("Volodymyr Zelenski", "Volodymyr Zelensky"),
        ("Zelensky", "Volodymyr Zelensky"), ("maréchal Khalifa Haftar", "Khalifa Haftar"),
        ("Haftar", "Khalifa Haftar")]
    lavrov = registry.get("Sergey Lavrov")
    assert lavrov is not None and (lavrov.country, lavrov.role, lavrov.kind) == ("RUS", "foreign minister", "person")


def test_derived_surname_needs_capital_and_no_other_person(registry: ActorRegistry) -> None:
    # "Tebboune" and "Shekau" come from the full names; "Saleh" is shared by several people.
    assert [m.actor.name for m in registry.find("Tebboune a reçu un message sur Shekau.")] == [
        "Abdelmadjid Tebboune", "Abubakar Shekau"]
    assert registry.find("M. Saleh a démissionné.") == []
    assert registry.find("une poutine bien garnie") == []


def test_capitals_are_metonyms(registry: ActorRegistry) -> None:
    text = "Moscou a démenti, Washington a confirmé, Damas se tait et Kiev accuse. À Tobrouk, rien."
    found = mentions(registry, text)
    assert [(m.text, m.actor.country, m.metonym) for m in found] == [
        ("Moscou", "RUS", True), ("Washington", "USA", True), ("Damas", "SYR", True), ("Kiev", "UKR", True)]
    assert found[0].actor is registry.state("RUS")
    assert [m.metonym for m in registry.find("La Russie et le Kremlin")] == [False, False]


# ---------------------------------------------------------------- lookup, get, state, is_actor_name

def test_lookup(registry: ActorRegistry) -> None:
    rus = registry.state("RUS")
    assert rus is not None and rus.name == "Russia" and registry.state("rus") is rus
    assert registry.lookup("la Russie") is rus
    assert registry.lookup("Moscou") is rus
    assert registry.lookup("Russes") is rus
    assert registry.lookup("ei") is registry.get("Islamic State")
    assert registry.lookup("Etat-islamique") is registry.get("Islamic State")
    assert registry.lookup("M. Lavrov") is registry.get("Sergey Lavrov")
    assert registry.lookup("l'armée russe") is registry.organ_actor("RUS", "military")
    assert registry.lookup("Tobrouk") is None
    assert registry.lookup("Saleh") is None  # several people


def test_get_is_case_and_accent_insensitive(registry: ActorRegistry) -> None:
    assert registry.get("ISLAMIC STATE") is registry.get("islamic state") is not None
    icrc = registry.get("red cross/icrc")
    assert icrc is not None and icrc.kind == "ngo"
    assert registry.get("Armed men") is not None and registry.get("Armed men").kind == "unknown"
    assert registry.get("Nobody") is None


def test_is_actor_name(registry: ActorRegistry) -> None:
    for name in ["Bachar al-Assad", "Al-Qaïda", "Américains", "Lavrov", "Kremlin", "M. Saleh", "OSDH"]:
        assert registry.is_actor_name(name), name
    for name in ["Syrie", "Damas", "Etats-Unis", "Moscou", "Tobrouk", "Alep"]:
        assert not registry.is_actor_name(name), name


def test_find_on_empty_and_plain_text(registry: ActorRegistry) -> None:
    assert registry.find("") == []
    assert registry.find("Il a plu toute la journée sur la ville.") == []


# ---------------------------------------------------------------- unnamed groups named further

def test_every_nationality_has_an_english_adjective() -> None:
    with_adjectives = {r[0] for r in rows("nationalities.tsv") if r[1]}
    assert with_adjectives == {r[0] for r in rows("english_adjectives.tsv")}


@pytest.mark.parametrize("text, span, name", [
    ("Les manifestants irakiens ont bloqué la route.", "manifestants irakiens", "Iraqi protesters"),
    ("Des rebelles syriens ont été tués.", "rebelles syriens", "Syrian rebels"),
    ("Des civils afghans ont fui.", "civils afghans", "Afghan civilians"),
])
def test_an_unnamed_group_takes_its_nationality_into_its_name(registry: ActorRegistry, text: str, span: str,
                                                              name: str) -> None:
    [m] = [m for m in mentions(registry, text) if m.text == span]
    assert (m.actor.name, m.actor.country) == (name, None)  # people of a country, not its state
    # soldiers of a country stay its state's organ
    assert resolved(registry, "Des soldats maliens ont été tués.") == [("soldats maliens", "Mali", "MLI", "military")]


def test_supporters_take_whom_they_follow(registry: ActorRegistry) -> None:
    assert resolved(registry, "Les partisans de Soumaïla Cissé ont défilé.") == [
        ("partisans de Soumaïla Cissé", "Supporters of Soumaïla Cissé", None, "civilians")]
    assert [m.actor.name for m in registry.find("Des sympathisants du Hamas ont manifesté.")] == ["Supporters of Hamas"]
    # alone, they are supporters of no one in particular
    assert [m.actor.name for m in registry.find("Des partisans ont défilé.")] == ["Supporters"]


def test_fighters_led_by_a_leader_are_the_group_his_role_names(registry: ActorRegistry) -> None:
    assert registry.organisation_of(registry.get("Khalifa Haftar")).name == "Libyan National Army"
    assert registry.organisation_of(registry.get("Iyad Ag Ghaly")).name == "Jama'at Nusrat al-Islam wal-Muslimin"
    assert registry.organisation_of(registry.get("Emmanuel Macron")) is None  # "president" names no group
    assert resolved(registry, "Des combattants emmenés par le général Khalifa Haftar ont bombardé le port.") == [
        ("combattants emmenés par le général Khalifa Haftar", "Libyan National Army", None, "armed_group")]
    # a leader without a group stays apart
    assert [m.actor.name for m in registry.find("Des combattants menés par Emmanuel Macron")] == [
        "Fighters", "Emmanuel Macron"]


@pytest.mark.parametrize("text, span", [
    ("une coalition menée par les USA bombarde", "coalition menée par les USA"),
    ("la coalition internationale conduite par Washington a frappé", "coalition internationale conduite par Washington"),
])
def test_a_coalition_led_by_a_state_is_that_coalition(registry: ActorRegistry, text: str, span: str) -> None:
    assert resolved(registry, text) == [(span, "US-led coalition", "USA", "military")]


def test_names_inside_other_names_are_not_actors(registry: ActorRegistry) -> None:
    # a surname before a capitalised word belongs to a longer name
    assert registry.find("un marché de Sadr City") == []
    assert [m.actor.name for m in registry.find("Moqtada Sadr a parlé")] == ["Muqtada al-Sadr"]
    # a country's name hyphenated to a town's
    assert registry.find("le port de Port-Soudan") == []
    assert [m.actor.name for m in registry.find("la Guinée-Bissau et le Soudan")] == ["Guinea-Bissau", "Sudan"]


def test_a_former_official_is_no_organ_of_the_state(registry: ActorRegistry) -> None:
    assert registry.find("l'ancien ministre libyen a parlé") == []
    assert registry.find("un général libyen à la retraite") == []
    assert [m.actor.name for m in registry.find("le ministre libyen a parlé")] == ["Libya"]
    assert registry.is_organ_noun("ambassade") and not registry.is_organ_noun("marché")


@pytest.mark.parametrize("text, name", [
    ("Des combattants de l'Etat islamique en Afrique de l'Ouest ont attaqué une base.", "ISWAP"),
    ("Des jihadistes du groupe Boko Haram ont incendié le village.", "Boko Haram"),
])
def test_unnamed_fighters_of_a_named_group_are_that_group(registry: ActorRegistry, text: str, name: str) -> None:
    assert [m.actor.name for m in registry.find(text)] == [name]


@pytest.mark.parametrize("text, absent", [
    ("Le président libanais Joseph Aoun a reçu mardi l'envoyé français.", "Michel Aoun"),
    ("La ministre Lisa Johnson a salué l'accord, a rapporté le journal.", "Boris Johnson"),
])
def test_a_surname_after_another_first_name_is_another_person(registry: ActorRegistry, text: str, absent: str) -> None:
    assert absent not in [m.actor.name for m in registry.find(text)]


@pytest.mark.parametrize("text, present", [
    ("Selon le président Michel Aoun, rien n'est décidé.", "Michel Aoun"),
    ("Le général Mohamed Hamdane Daglo a signé l'accord.", "Mohamed Hamdan Dagalo"),  # a spelling of the same name
    ("Haftar a reçu mardi l'envoyé français.", "Khalifa Haftar"),
    # two people of one surname: with its first name each is itself ("Aoun" alone is then neither)
    ("Le président libanais Joseph Aoun a reçu mardi l'envoyé français.", "Joseph Aoun"),
])
def test_a_surname_with_its_own_first_name_or_alone_is_that_person(registry: ActorRegistry, text: str,
                                                                   present: str) -> None:
    assert present in [m.actor.name for m in registry.find(text)]


def test_armed_groups_and_armies_of_asia_latin_america_and_central_africa(registry: ActorRegistry) -> None:
    text = ("L'Armée populaire de libération a répondu au Tatmadaw et à l'Armée d'Arakan ; en Colombie, l'ELN et les "
            "dissidents des FARC ; au Mexique, le CJNG face au cartel de Sinaloa ; en Haïti, Viv Ansanm ; en "
            "Centrafrique, l'UPC et le MPC ; à Guayaquil, Los Lobos et Los Choneros.")
    names = [n for _, n, _, _ in resolved(registry, text)]
    assert names == ["People's Liberation Army", "Tatmadaw", "Arakan Army", "Colombia",
                     "National Liberation Army (Colombia)", "FARC dissidents", "Mexico", "Jalisco New Generation Cartel",
                     "Sinaloa Cartel", "Haiti", "Viv Ansanm", "Central African Republic",
                     "Union for Peace in the Central African Republic", "Patriotic Movement for Central Africa",
                     "Los Lobos", "Los Choneros"], names


def test_leaders_and_envoys_of_recent_news(registry: ActorRegistry) -> None:
    text = ("Friedrich Merz a reçu Mark Carney ; Claudia Sheinbaum a appelé Daniel Noboa ; Steve Witkoff et "
            "Kaja Kallas ont vu Nawaf Salam, puis Costa Gavras a tourné un film.")
    names = [n for _, n, _, _ in resolved(registry, text)]
    assert names == ["Friedrich Merz", "Mark Carney", "Claudia Sheinbaum", "Daniel Noboa", "Steve Witkoff",
                     "Kaja Kallas", "Nawaf Salam"], names
    merz = registry.get("Friedrich Merz")
    assert merz is not None and (merz.country, merz.kind) == ("DEU", "person")
