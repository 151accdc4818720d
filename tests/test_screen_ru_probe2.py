"""Russian-script names of listed organisations from the second hand-written probe
(tests/fixtures/screening/probe_ru2.tsv: entries that neither the dev rows of eval_scripts.tsv nor
probe_ru.tsv cover), and the mechanisms written for its misses. Expected entries are the list entries
whose English name is the organisation's own English name, worked out by hand from the registered
Russian name (the probe's `note`) and the list entry."""

from __future__ import annotations

import pytest

from techties.screen.match import paren_forms
from techties.screen.names import english_variants, translate_ru
from techties.screen.short_names_ru import proper_words
from techties.screen.structure import _dash_names


# -- the probe sample ------------------------------------------------------------------------
@pytest.mark.parametrize(("query", "entry"), [
    # glossary words the lists translate: НПЗ 'Refinery', авиакомпания 'Airlines', правительство
    ("АО «Куйбышевский НПЗ»", "bis-entity-list:ojsc-kuybyshev-refinery"),
    ("АО «Авиакомпания «Россия»", "bis-dpl:rossiya-airlines"),
    ("Правительство Российской Федерации", "state-nonproliferation:government-of-the-russian-federation"),
    ("УВД Гомельского облисполкома",
     "bis-entity-list:department-of-internal-affairs-of-the-gomel-region-executive-committee"),
    ("ОАО «680 авиаремонтный завод»", "bis-entity-list:open-joint-stock-company-680-aircraft-repair-plant"),
    ("АО «Крокус Наноэлектроника»", "bis-entity-list:crocus-nano-electronics"),
    ("АО «Тамбовский завод «Октябрь»", "bis-entity-list:tambov-plant-tz-october"),
    # a state body without the ministry or staff it belongs to
    ("Главное управление глубоководных исследований Министерства обороны Российской Федерации",
     "bis-entity-list:main-directorate-of-deep-sea-research"),
    ("Главное разведывательное управление Генерального штаба Вооружённых сил Российской Федерации",
     "bis-entity-list:main-intelligence-directorate"),
    # … and a city after it names the unit: the Kirov institute, not only the 48th as a whole
    ("48 ЦНИИ Минобороны России, Киров", "bis-entity-list:48th-central-scientific-research-institute-kirov"),
    # short names: kind initials around the quoted name, a Russian legal form and a foreign subsidiary
    ("АО «НПЦ «Вигстар»", "bis-entity-list:scientific-production-center-vigstar-jsc"),
    ("ПАО «НК «Роснефть»", "bis-entity-list:rosneft-a-k-a-open-joint-stock-company-rosneft-oil-company"),
    # two names joined by a dash; an entry's initials and name in parentheses
    ("ПАО «Аэрофлот – российские авиалинии»", "bis-dpl:pjsc-aeroflot"),
    ("АО «ММЗ «Авангард»", "state-nonproliferation:moscow-machine-building-plant-avangard-mmz-avangard"),
    # Belarus
    ("ЧПТУП «Минотор-Сервис», Минск", "bis-entity-list:minotor-service"),
    # "FL" (филиал, branch) before an entry's alias: 'FL NTTs A. Lyulki'
    ("НТЦ им. А. Люльки – филиал ПАО «ОДК-Сатурн»", "bis-entity-list:a-lyulki-science-and-technology-center"),
    ("Унутраныя войскі Міністэрства ўнутраных спраў Рэспублікі Беларусь",
     "bis-entity-list:internal-troops-of-the-ministry-of-internal-affairs-of-the-republic-of-belarus"),
])
def test_probe2_names_find_their_entries(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


@pytest.mark.parametrize("query", [
    "ПАО «Полюс»",  # the gold miner; the listed Polyus is the Stelmakh laser institute
    "ООО «Газпром трансгаз Москва»",  # not among the listed Gazprom subsidiaries
    "Государственная корпорация по атомной энергии «Росатом»",
])
def test_probe2_look_alikes_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


def test_almaz_antey_written_with_a_spaced_dash_is_one_name(matcher):
    # «Алмаз – Антей» is 'Almaz-Antey', not also 'Almaz JSC' (the dash-part reading needs two words a side)
    got = {h.entry_id for h in matcher.screen("Концерн ВКО «Алмаз – Антей»")}
    assert got == {"bis-entity-list:joint-stock-company-concern-almaz-antey"}


def test_a_russian_legal_form_sets_foreign_subsidiaries_aside(matcher):
    # «Роснефть» alone names three entries: 'Rosneft …' (RU), 'Rosneft Trading S.A.' (CH), 'Rosneft Trade
    # Limited' (CY); ПАО is a form of Russian law, so the Russian one
    got = {h.entry_id for h in matcher.screen("ПАО «Роснефть»")}
    assert got == {"bis-entity-list:rosneft-a-k-a-open-joint-stock-company-rosneft-oil-company"}


@pytest.mark.parametrize(("query", "entry", "other"), [
    # the name before the city hits by its whole reading; the name with the city, read by its quoted core
    # alone ("Soyuz", "Arsenal"), named other firms of that word
    ("АО «ТМКБ «Союз», Лыткарино", "bis-entity-list:tactical-missile-corporation-ao-tmkb-soyuz",
     "bis-entity-list:open-joint-stock-company-aero-engine-scientific-and-technical-company-soyuz"),
    ("АО «КБ «Арсенал» им. М.В. Фрунзе», Санкт-Петербург",
     "bis-entity-list:joint-stock-company-m-v-frunze-arsenal-design-bureau", "bis-entity-list:arsenal"),
])
def test_a_city_after_the_name_adds_no_core_name_hits(matcher, query, entry, other):
    got = {h.entry_id for h in matcher.screen(query)}
    assert entry in got and other not in got


# -- mechanisms ------------------------------------------------------------------------------
def test_glossary_reads_the_words_of_the_lists_names():
    # 'Federal Technical Regulation and Metrology Agency', 'Special Flight Unit Rossiya'
    assert translate_ru("Федеральное агентство по техническому регулированию и метрологии") == (
        "federal agency technical regulation i metrology")
    assert translate_ru("Специальный лётный отряд") == "special flight unit"
    # облисполком is областной исполнительный комитет: 'Gomel Region Executive Committee'
    assert translate_ru("УВД Гомельского облисполкома") == "uvd Gomel region executive committee"
    # авиаремонтный: 'Aircraft Repair Plant'; НПЗ: 'Refinery'; «Октябрь»: 'Tambov Plant (TZ) “October”'
    assert translate_ru("авиаремонтный завод") == "aircraft repair plant"
    assert translate_ru("Тамбовский завод «Октябрь»") == "Tambov plant october"
    assert translate_ru("Сызранский НПЗ") == "Syzran refinery"
    # Belarusian спраў (дел) is a whole word: справочное is not "affairs"
    assert translate_ru("спраў") == "affairs"
    assert translate_ru("справочное") == "spravochnoye"


def test_a_state_body_is_read_without_its_owner_ministry():
    got = [e for e, m in english_variants(
        "Главное управление глубоководных исследований Министерства обороны Российской Федерации")
        if "owner ministry set aside" in m]
    assert got == ["main control deep-sea research"]
    got = [e for e, m in english_variants("Главное разведывательное управление Генерального штаба")
           if "owner ministry set aside" in m]
    assert got == ["main intelligence control"]
    # a name that ends otherwise has no such reading
    assert not [m for _, m in english_variants("Министерство обороны") if "owner" in m]


def test_kind_initials_are_no_proper_word_of_a_core():
    assert proper_words("НПЦ Вигстар") == ["Вигстар"]
    assert proper_words("ВО Радиоэкспорт") == ["Радиоэкспорт"]


def test_two_names_joined_by_a_dash():
    assert _dash_names("Аэрофлот – российские авиалинии") == ["Аэрофлот", "российские авиалинии"]
    assert _dash_names("Алмаз – Антей") == []  # one word a side: one name
    assert _dash_names("Газпром") == []


def test_an_entry_s_initials_and_name_in_parentheses_are_a_form():
    assert paren_forms("Moscow Machine Building Plant Avangard (MMZ Avangard)") == ["MMZ Avangard"]
    assert "UPP Vector" in paren_forms("OJSC Ural Production Company Vector (UPP Vector)")
    # initials alone, or a name not written out before them, are not
    assert paren_forms("Joint Stock Company Foreign Economic Association (FEA) Radioexport") == []
    assert paren_forms("Plant Kupol (MZK Almaz)") == []
