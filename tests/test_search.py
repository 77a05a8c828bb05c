"""Search that researchers can rely on: Russian and English, ё/е, case, transliteration,
small typos, ranked results."""

import pytest

from registry import search
from registry.models import Monument
from tests.factories import ActorFactory, MonumentFactory, region

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return list(search.search(Monument.objects.all(), query)
                .order_by("-search_rank", "public_id").values_list("name_en", flat=True))


@pytest.fixture
def novosibirsk_bust():
    return MonumentFactory(
        name_en="Stalin bust in the KPRF regional committee courtyard",
        name_ru="Бюст Сталина во дворе обкома КПРФ",
        settlement_en="Novosibirsk", settlement_ru="Новосибирск", region=region("RU-NVS"),
        description_ru="Бюст создан скульптором Павлом Марковым.",
        sponsor=ActorFactory(name_en="KPRF Novosibirsk regional committee",
                             name_ru="Новосибирский обком КПРФ"),
    )


@pytest.fixture
def vologda_statue():
    return MonumentFactory(name_en="Stalin statue at the Exile House Museum",
                           name_ru="Статуя Сталина у музея «Дом ссыльных»",
                           settlement_en="Vologda", settlement_ru="Вологда")


@pytest.mark.parametrize("query", ["Novosibirsk", "Новосибирск", "новосибирск", "NOVOSIBIRSK"])
def test_latin_and_cyrillic_spellings_of_a_place_find_the_same_monument(
    query, novosibirsk_bust, vologda_statue
):
    assert found(query) == [novosibirsk_bust.name_en]


def test_a_russian_word_form_finds_the_base_form(novosibirsk_bust):
    assert found("сталину") == [novosibirsk_bust.name_en]
    assert found("бюсты") == [novosibirsk_bust.name_en]


def test_yo_and_ye_are_the_same_letter():
    monument = MonumentFactory(name_en="Stalin bust, Olkhovka", name_ru="Бюст Сталина, Ёлкино",
                               settlement_ru="Ёлкино")
    assert found("Елкино") == [monument.name_en]
    assert found("ёлкино") == [monument.name_en]


def test_a_small_typo_still_finds_the_place(novosibirsk_bust, vologda_statue):
    assert found("Novosibrisk") == [novosibirsk_bust.name_en]
    assert found("Вологад") == [vologda_statue.name_en]


def test_actor_names_description_and_region_are_searched(novosibirsk_bust, vologda_statue):
    assert found("обком") == [novosibirsk_bust.name_en]
    assert found("Марковым") == [novosibirsk_bust.name_en]
    assert found("Новосибирская область") == [novosibirsk_bust.name_en]


def test_places_rank_above_mentions_in_a_description(vologda_statue):
    mention = MonumentFactory(name_en="Stalin bust, Kirov", settlement_en="Kirov",
                              settlement_ru="Киров", region=region("RU-KIR"),
                              description_en="Modelled on the statue in Vologda.")
    assert found("Vologda") == [vologda_statue.name_en, mention.name_en]


def test_nonsense_finds_nothing_and_an_empty_query_changes_nothing(novosibirsk_bust):
    assert found("zzqxw") == []
    assert search.search(Monument.objects.all(), "  ").count() == 1
