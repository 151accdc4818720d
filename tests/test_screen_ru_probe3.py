"""The third hand-written Russian-name probe (tests/fixtures/screening/probe_ru3.tsv: EU journal and
register style, entries no earlier probe or dev row covers) and the mechanisms written for its misses and
alarms. Expected values are worked out by hand from the Russian names and the list entries."""

from __future__ import annotations

import pytest

from techties.screen.kinds_ru import en_kinds, kind_conflict, left_out_text, outside_cores, ru_kinds

CORE = "structure (quoted core «{}», the rest left out), BGN/PCGN"


# -- kinds of organisation stated outside a quoted core (kinds_ru) ------------------------------
def test_ru_kinds_reads_stems_and_initials():
    assert ru_kinds("АО «Тамбовский завод »") == {"plant"}  # завод
    assert ru_kinds("АО «ГСКБ « »") == {"design bureau"}  # ГСКБ
    assert ru_kinds("ХК , г. Омск") == {"sports club"}  # ХК, хоккейный клуб
    assert ru_kinds("Журнал") == {"press"}
    assert ru_kinds("АО «НПО «") == {"association"}  # НПО, научно-производственное объединение (probe_ru7)


def test_en_kinds_leaves_a_parent_before_a_comma_out():
    assert en_kinds("Joint-Stock Company Concern Almaz-Antey") == {"group"}
    assert en_kinds("Open Joint Stock Company Russian Systems Corporation") == {"group"}
    assert en_kinds("Limited Liability Company Special Design and Technology Bureau Plastic") == {"design bureau"}
    # the KTRV unit is a joint-stock company; 'Corporation' is its group's kind
    assert en_kinds("Tactical Missile Corporation, Joint Stock Company Avangard") == frozenset()
    assert en_kinds("Almaz-Antey Air Defense Concern Main System Design Bureau, JSC") == {"group", "design bureau"}


def test_left_out_text_is_the_query_without_its_core():
    assert left_out_text("АО «Завод «Пластик»", CORE.format("Пластик")) == "АО «Завод « »"
    assert left_out_text("АО «Завод «Пластик»", "structure (legal form АО), glossary") is None
    assert (left_out_text("АО «Тамбовский завод «Электроприбор»",
                          "structure (core name «Электроприбор» of 'Joint Stock Company Concern …')")
            == "АО «Тамбовский завод « »")
    assert outside_cores("ХК «Авангард»", ["Авангард"]) == "ХК « »"


@pytest.mark.parametrize(("query", "core", "names", "conflict"), [
    # plant against a design bureau, a design bureau against a concern: another firm of that word
    ("АО «Завод «Пластик»", "Пластик", ["Limited Liability Company Special Design and Technology Bureau Plastic",
                                         "Plastik"], True),
    ("АО «ГСКБ «Алмаз-Антей»", "Алмаз-Антей", ["Joint-Stock Company Concern Almaz-Antey", "Almaz-Antey Corp"], True),
    # the GSKB entry states the design bureau too
    ("АО «ГСКБ «Алмаз-Антей»", "Алмаз-Антей",
     ["Almaz-Antey Air Defense Concern Main System Design Bureau, JSC"], False),
    # a concern is a corporation: «Концерн «Российские системы» is 'Russian Systems Corporation'
    ("ОАО «Концерн «Российские системы»", "Российские системы",
     ["Open Joint Stock Company Russian Systems Corporation"], False),
    # an entry whose names state no kind: the left-out plant says nothing against it
    ("АО «Завод «Пластик»", "Пластик", ["Plastik LLC"], False),
    # a magazine: no list name writes the kind at all
    ("Журнал «Квант»", "Квант", ["SP Kvant", "Kvant LLC"], True),
])
def test_kind_conflict(query, core, names, conflict):
    assert kind_conflict(query, CORE.format(core), names, frozenset({"press", "sports club"})) is conflict


# -- the matcher ---------------------------------------------------------------------------------
@pytest.mark.parametrize("query", [
    "АО «Завод «Пластик», г. Сызрань",  # not 'SKTB Plastik'
    "АО «Тамбовский завод «Электроприбор»",  # not the CSRI Elektropribor concern
    "Журнал «Квант»",  # not 'SP Kvant'
    "Кинотеатр «Алмаз», г. Москва",  # not 'Almaz JSC'
    "ХК «Авангард», г. Омск",  # not the KTRV plant 'Joint Stock Company Avangard'
])
def test_probe3_other_kinds_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


def test_gskb_is_not_the_concern(matcher):
    # the lead's case: the left-out ГСКБ, a design bureau, does not let the Concern be hit
    got = {h.entry_id for h in matcher.screen("АО «ГСКБ «Алмаз-Антей»")}
    assert "bis-entity-list:joint-stock-company-concern-almaz-antey" not in got


@pytest.mark.parametrize(("query", "entry"), [
    ("ООО «СКТБ «Пластик»", "bis-entity-list:limited-liability-company-special-design-and-technology-bureau-plastic"),
    ("АО «Авангард», г. Сафоново Смоленской области",
     "bis-entity-list:tactical-missile-corporation-joint-stock-company-avangard"),
])
def test_probe3_same_kind_still_hits(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


# -- a branch of a parent: the parent's quoted name alone is not the branch ------------------------
def test_branch_entry():
    from techties.screen.kinds_ru import branch_entry

    assert branch_entry(["FSUE Rosmorport Far Eastern Basin Branch"])
    # one of the entry's names is the firm itself: the branch is only one of its names
    assert not branch_entry(["United Shipbuilding Corporation JSC “35th Shipyard”",
                             "Filial “35 sudoremontny zavod” Aktsionernogo obshchestva “Tsentr sudoremonta”"])
    assert not branch_entry([])


def test_far_east_is_far_eastern():
    # glossary бассейнов 'basin' and the phrase 'far east' as 'far eastern' (glossary_ru.yaml), as the list writes
    from techties.screen.names import translate_ru

    assert translate_ru("Дальневосточный бассейновый филиал") == "far east basin branch"


def test_rosmorport_branch_by_its_whole_name(matcher):
    hits = matcher.screen("Дальневосточный бассейновый филиал ФГУП «Росморпорт», г. Владивосток")
    assert [h.entry_id for h in hits] == ["bis-entity-list:fsue-rosmorport-far-eastern-basin-branch"]
    assert hits[0].score >= 0.95  # a whole reading, no longer the core name alone (0.86)


@pytest.mark.parametrize("query", [
    "ФГУП «Росморпорт»",  # the parent is not listed, its Far Eastern branch is
    "Северо-Западный бассейновый филиал ФГУП «Росморпорт»",  # sister branches
    "Азово-Черноморский бассейновый филиал ФГУП «Росморпорт», г. Новороссийск",
])
def test_rosmorport_parent_and_sister_branches_hit_nothing(matcher, query):
    assert matcher.screen(query) == []


# -- a town after a comma in another country than the entry's ----------------------------------------
@pytest.mark.parametrize(("segment", "country"), [
    ("г. Минск", "BY"), ("Брест", "BY"), ("Темрюк", "RU"), ("г. Ростов-на-Дону", "RU"),
    ("Нижний Новгород", "RU"),  # two words
    ("Московская область", None),  # a region, no town
    ("ОАО «Горизонт»", None),
])
def test_segment_country(segment, country):
    from techties.screen.places_ru import segment_country

    assert segment_country(segment) == country


def test_a_town_in_another_country_is_another_firm(matcher):
    gorizont = "bis-entity-list:joint-stock-company-gorizont"  # Rostov-on-Don, RU
    assert matcher.screen("ОАО «Горизонт», г. Минск") == []  # the Minsk TV maker
    assert gorizont in {h.entry_id for h in matcher.screen("АО «Горизонт», г. Ростов-на-Дону")}


# -- Latin brands written in Cyrillic (glossary_ru.yaml loanwords, `at: word` rows) -----------------
@pytest.mark.parametrize(("word", "english"), [
    ("Эйр", "air"),  # a whole word
    ("Фастэйр", "fastair"),  # at the end of a compound
    ("Кейтеринг", "catering"),  # a whole word, before the -инг ending could read it "keytering"
    ("Комп", "comp"),  # a whole word, before the ком- start could read it
    ("Продактс", "products"),  # прод + -актс 'ucts'
    ("СпекЭлектронГрупп", "spekelektrongroup"),  # -групп 'group'
    ("Норд", "north"), ("Вест", "west"),  # nautical north and west
])
def test_ru_loanword(word, english):
    from techties.screen.names import ru_loanword

    assert ru_loanword(word) == english


def test_a_loanword_row_needs_two_letters_between_start_and_end():
    from techties.screen.names import ru_loanword

    assert ru_loanword("комплекс") == "compleks"  # ком- 'com' + плекс as BGN/PCGN spells it
    assert ru_loanword("дом") is None  # no row applies


@pytest.mark.parametrize(("query", "entry"), [
    ("ООО «ПТ Эйр», Санкт-Петербург", "bis-entity-list:pt-air"),
    ("ООО «Конкорд Кейтеринг»", "bis-entity-list:concord-catering"),
    ("ООО «Норд-Вест Техникс»", "bis-entity-list:north-west-technics-llc"),
    ("ООО «Авиакомпания «Северо-Запад»", "bis-entity-list:aircompany-north-west-llc"),  # glossary северо-запад
])
def test_probe3_brands_find_their_entries(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


# -- glossary words the lists translate, and a hyphenated town's name ------------------------------
@pytest.mark.parametrize(("russian", "english"), [
    ("оптико-физических измерений", "optical physical measurements"),
    ("Микротехнология", "microtechnology"),
    ("Аналитическая мануфактура", "analytical manufactory"),
    ("Комитет спасения Украины", "committee salvation ukraine"),
    ("Центр технологий неразрушающего контроля", "center technology non destructive testing"),
    ("центр автоматизированного проектирования", "center automated design"),
    ("Каменск-Уральский", "Kamensk-Uralskiy"),  # the town (GeoNames), not "kamensk ural"
])
def test_probe3_glossary(russian, english):
    from techties.screen.names import translate_ru

    assert translate_ru(russian) == english


@pytest.mark.parametrize(("query", "entry"), [
    ("ФГУП «Всероссийский научно-исследовательский институт оптико-физических измерений»",
     "bis-entity-list:all-russia-scientific-research-institute-of-optical-physical-measurements"),
    ("Комитет спасения Украины", "bis-entity-list:salvation-committee-of-ukraine"),
    ("ООО «Центр технологий неразрушающего контроля «Совтест», Курск",
     "bis-entity-list:ooo-center-for-non-destructive-testing-technologies-sovtest"),
])
def test_probe3_glossary_names_find_their_entries(matcher, query, entry):
    assert entry in {h.entry_id for h in matcher.screen(query)}


# -- an institute of the Academy is no company ---------------------------------------------------------
def test_company_not_academy():
    from techties.screen.lists import ListEntry
    from techties.screen.match import Matcher

    def entry(name: str, *aliases: str) -> ListEntry:
        return ListEntry(list_id="t", list_name="t", entry_id=f"t:{name}", name=name, aliases=aliases, country="RU")

    m = Matcher([entry("Joint Stock Company Institute of Applied Physics", "Institut Prikladnoi Fiziki"),
                 entry("Institute of Marine Technology Problems Far East Branch Russian Academy of Sciences"),
                 entry("Federal State Budgetary Institution of Science Institute X")])
    assert m.company_not_academy(0)  # listed as a joint-stock company
    assert not m.company_not_academy(1)  # an institute of the Academy
    assert not m.company_not_academy(2)  # no company form


def test_a_ras_institute_is_not_the_company_of_its_name(matcher):
    # IAP RAS (Nizhny Novgorod) is not the Novosibirsk 'Joint Stock Company Institute of Applied Physics'
    assert matcher.screen("Институт прикладной физики им. А.В. Гапонова-Грехова РАН, г. Нижний Новгород") == []


# -- a former name by its eponym and quoted core -----------------------------------------------------
GSKB = ("bis-entity-list:almaz-antey-air-defense-concern-main-system-design-bureau-jsc-a-k-a-a-a-raspleti")


def test_eponym_and_core_name_a_former_name(matcher):
    # the lead's case: НПО «Алмаз» имени Расплетина is the GSKB's former name; the GSKB entry alone has both
    # 'Raspletin' and 'Almaz' (in 'Almaz-Antey')
    hits = matcher.screen("АО «НПО «Алмаз» имени академика А.А. Расплетина")
    assert [h.entry_id for h in hits] == [GSKB]
    assert hits[0].features["eponym_and_core"] == {"eponym": "raspl", "core": ["almaz"]}
    # Raduga by its eponym Bereznyak (probe_ru.tsv), now found the same way
    got = {h.entry_id for h in matcher.screen("АО «ГМКБ «Радуга» им. А.Я. Березняка», Дубна")}
    assert "bis-entity-list:state-machine-building-design-bureau-raduga" in got


def test_an_eponym_without_its_core_is_nothing(matcher):
    # the eponym alone, or a core no entry with that eponym has, names nothing
    assert matcher.screen("АО «НПО «Комета» имени академика А.А. Расплетина") == []


# -- the left-out kind picks the unit among the entries of a core's name ----------------------------
def test_kind_and_core_pick_the_design_bureau(matcher):
    # the lead's case: ГСКБ (a design bureau) and «Алмаз-Антей»: of the entries writing 'Almaz Antey' (the
    # Concern, the Bryansk factory, the Obukhovsky plant's centre, the GSKB) only the GSKB states a design bureau
    hits = matcher.screen("АО «ГСКБ «Алмаз-Антей», Москва")
    assert [h.entry_id for h in hits] == [GSKB]
    assert hits[0].features["kind_and_core"] == {"kinds": ["design bureau"], "core": "Алмаз-Антей"}


def test_kind_and_core_compare_whole_words(matcher):
    # «Металлист» is not 'Metallurgical' (both 'metall' as tokens): the Serpukhov plant hits nothing
    assert matcher.screen("АО ‘Серпуховский Завод ‘Металлист’’") == []


# -- a Belarusian state enterprise (ГП) and the list's 'SOE' are legal forms ---------------------------
def test_gp_is_a_legal_form():
    from techties.screen.names import tokens
    from techties.screen.structure import parse_ru

    assert parse_ru("ГП «Завод полупроводниковых приборов»").legal == ("ГП",)
    assert parse_ru("Государственное предприятие «Завод полупроводниковых приборов»").legal == (
        "Государственное предприятие",)
    assert tokens("SOE Semiconductor Devices Factory") == ("semico", "device", "factor")


@pytest.mark.parametrize("query", [
    "ГП «Завод полупроводниковых приборов»",
    "Государственное предприятие «Завод полупроводниковых приборов», г. Минск",
])
def test_the_minsk_semiconductor_devices_factory(matcher, query):
    assert "bis-entity-list:soe-semiconductor-devices-factory" in {h.entry_id for h in matcher.screen(query)}
