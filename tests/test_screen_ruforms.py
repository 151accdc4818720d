"""General Russian word-form mechanisms of issue #16 screening: a surname in the genitive read as its
nominative (Russian declension), and English plurals of long words read as their singulars. Expected
values are worked out by hand from Russian and English grammar; entries checked by hand in the
shipped US snapshot."""

from __future__ import annotations

from techties.screen.names import belarusian, english_singular, english_variants, fold_by_uk, tokens
from techties.screen.structure import genitive_eponym, nominative, ru_readings


def test_nominative_of_adjective_type_surnames():
    # Сухой, gen. Сухого (stressed -ой keeps its ending); Крайний, gen. Крайнего; Жуковский, gen. Жуковского
    # (-ского/-цкого read -ский/-цкий: the genitive does not tell Трубецкой's stressed ending)
    assert [nominative(x) for x in ("Сухого", "Толстого", "Крайнего", "Жуковского", "Троицкого")] == [
        "Сухой", "Толстой", "Крайний", "Жуковский", "Троицкий"]
    # -ов/-ев/-ин surnames: gen. -а dropped
    assert [nominative(x) for x in ("Яковлева", "Туполева", "Ильюшина", "Камова")] == [
        "Яковлев", "Туполев", "Ильюшин", "Камов"]


def test_genitive_eponym_after_the_name_it_owns():
    assert genitive_eponym("Гражданские Самолеты Сухого") == ("Гражданские Самолеты", "Сухой")
    assert genitive_eponym("ОКБ Яковлева") == ("ОКБ", "Яковлев")
    assert genitive_eponym("Конструкторское Бюро Камова") == ("Конструкторское Бюро", "Камов")


def test_genitive_eponym_not_for_other_words():
    assert genitive_eponym("Сухого") is None  # the name's only word
    assert genitive_eponym("Завод Морского") is None  # морск-: a glossary word (marine)
    assert genitive_eponym("Завод Тульского") is None  # a place's adjective (Tula)
    assert genitive_eponym("Институт Ядерной Физики") is None  # no genitive surname ending
    assert genitive_eponym("ОКБ сухого") is None  # not capitalised: no name


def test_genitive_eponym_reading():
    # "ОКБ Сухого": ОКБ is "experimental design bureau" (glossary), the owner Сухой romanised by BGN/PCGN
    readings = dict(ru_readings("ОКБ Сухого"))
    assert "experimental design bureau Sukhoy" in readings
    assert "eponym in the genitive -> Sukhoy" in readings["experimental design bureau Sukhoy"]


def test_genitive_eponym_finds_the_design_bureau(matcher):
    # Sukhoi Design Bureau: BIS Entity List, aliases "Sukhoi OKB", "Sukhoi Design Bureau"; Sukhoy and
    # Sukhoi share a spelling key (y -> i)
    hits = matcher.screen("ОКБ Сухого")
    assert hits and hits[0].entry == "Joint Stock Company Sukhoi Design Bureau Company"


def test_long_english_plurals_read_as_singulars():
    assert english_singular("semiconductors") == "semiconductor"
    assert english_singular("nanotechnologies") == "nanotechnology"
    assert english_singular("microservices") == "microservice"
    # a vowel or s before the s: a transliterated Russian word, no English plural
    assert english_singular("surgutneftegas") == "surgutneftegas"
    assert english_singular("oboronpromservis") == "oboronpromservis"
    # "semiconductors" (14 letters) was kept whole while "semiconductor" (13) is cut to six: now both "semico"
    assert tokens("Robotronix Semiconductors Limited") == tokens("Robotronix Semiconductor Limited") == (
        "robotr", "semico")
    assert tokens("Microelectronics") == tokens("Microelectronic") == ("microelectronic",)


def test_plural_not_cut_to_an_organisational_word():
    # "technodynamic" would be cut to "techno", the stem of "technology": the brand stays whole
    assert tokens("JSC Technodynamics") == ("technodynamics",)
    # the organisational word "communications" stays as it was, apart from "communication"
    assert tokens("Communications") == ("communications",) and tokens("Communication") == ("commun",)


def test_singular_query_finds_plural_entry(matcher):
    # BIS Entity List "Robotronix Semiconductors Limited" (CN)
    hits = matcher.screen("Robotronix Semiconductor Ltd")
    assert hits and hits[0].entry_id == "bis-entity-list:robotronix-semiconductors-limited"


def test_belarusian_spellings_read_as_russian():
    # ц before a soft vowel is Russian т (цягач = тягач), ў is в, -ых stays, ААТ is ОАО; Мінскі -> минский
    assert fold_by_uk("ААТ ‘Мінскі завод колавых цягачоў’") == "ОАО ‘Минский завод колавых тягачов’"
    # э after a consonant is е, -ічн- is -ическ- with the Russian ending: тэхнічны цэнтр = технический центр
    assert fold_by_uk("Навукова-тэхнічны цэнтр") == "Навукова-технический центр"
    # ы after ц is и; пры- is при-; ТАА is ООО; -ныя is -ные (Russian -иальные: ия/иа is no regular rule)
    assert fold_by_uk("ТАА «Спецыяльныя прыборы»") == "ООО «Специяльные приборы»"
    # дз before a soft vowel is д (дзевяты = девятый; the ending after т is left), цэх = цех, і = и
    assert fold_by_uk("Дзевяты завод і цэх") == "Девяты завод и цех"


def test_ukrainian_is_not_read_as_belarusian():
    # і with и: Ukrainian; only the letters fold (і -> и), no Belarusian rule: ц before і stays ц
    assert not belarusian("Акціонерне товариство Київський завод") and belarusian("Мінскі завод")
    assert fold_by_uk("Акціонерне товариство") == "Акционерне товариство"


def test_belarusian_name_reads_by_its_russian_spelling():
    # the language label the lists put before it is left out, the form read as ОАО, цягачоў as тягачов
    # (glossary тягач = tractor), колавых the Belarusian колёсных (glossary колав = wheel: 'Minsk Wheel Tractor Plant')
    readings = dict(english_variants("Belarussian: ААТ ‘Мінскі завод колавых цягачоў’"))
    assert readings["Minsk plant wheel tractor"] == "structure (legal form ОАО), glossary"
