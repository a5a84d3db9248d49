"""Relation words and the question word: what a question asks for, read from its words."""

from __future__ import annotations

from bot.facts import KnowledgeBase
from bot.facts.schema import IntentPhrasings, LackingRelation
from bot.intents import Answers, Intent
from bot.nlu.claims import read_claims
from bot.nlu.normalise import tokens
from bot.nlu.relations import RelationIndex, Relations, asked_for
from bot.nlu.words import STOPWORDS


def read(kb: KnowledgeBase, question: str) -> tuple[set[Intent], tuple[str, ...]]:
    rels = RelationIndex(kb.intents, kb.lacking).read(tokens(question), set())
    return set(rels.intents), rels.lacking


def test_relation_words_name_the_fact(kb: KnowledgeBase) -> None:
    assert read(kb, "who's behind the music in chapter 2")[0] == {Intent.COMPOSER}
    assert Intent.WHERE_TO_WATCH in read(kb, "is it streaming anywhere")[0]
    assert read(kb, "release year of the movie")[0] == {Intent.RELEASE_DATE}


def test_the_longest_phrase_wins(kb: KnowledgeBase) -> None:
    # "assistant director" is crew Wickbot lacks, not the director
    intents, lacking = read(kb, "who was the first assistant director on chapter 2")
    assert Intent.DIRECTOR not in intents and lacking


def test_facts_wickbot_lacks_are_named(kb: KnowledgeBase) -> None:
    assert read(kb, "what camera was it shot on")[1] == ("camera",)
    assert read(kb, "who was the costume designer")[1] == ("costumes",)
    assert read(kb, "who directed it") == ({Intent.DIRECTOR}, ())


def test_the_question_word_asks_for_a_kind_of_value() -> None:
    assert asked_for(tokens("when did it come out")) is Answers.DATE
    assert asked_for(tokens("where can i watch it")) is Answers.PLACE
    assert asked_for(tokens("how long is it")) is Answers.DURATION
    assert asked_for(tokens("how much did it make")) is Answers.MONEY
    assert asked_for(tokens("what year was it released")) is Answers.DATE
    assert asked_for(tokens("is it rated r")) is None


def test_claims_of_a_yes_no_question() -> None:
    claims = read_claims(tuple(tokens("is ballerina rated r")), STOPWORDS)
    assert claims.polar and claims.certificates == ("R",)
    claims = read_claims(tuple(tokens("is it over 2 hours")), STOPWORDS)
    assert claims.duration == (True, 120)
    assert read_claims(tuple(tokens("which is the longest")), STOPWORDS).extreme == (
        "max",
        "longest",
    )
    assert not read_claims(tuple(tokens("when did it come out")), STOPWORDS).polar


def test_the_number_of_asks_for_a_number() -> None:
    assert asked_for(tokens("the number of episodes of the continental")) is Answers.NUMBER


def test_words_joined_by_plus_are_read_in_any_order_around_names() -> None:
    lacking = {"trailer-music": LackingRelation(noun="trailer music", words=["song + trailer"])}
    index = RelationIndex({}, lacking)
    words = tokens("what song is in the ballerina trailer")
    assert index.read(words, {5}).lacking == ("trailer-music",)  # "ballerina" is a name
    assert index.read(tokens("the trailer had which songs"), set()).lacking == ("trailer-music",)
    assert index.read(tokens("what song is in it"), set()).lacking == ()  # one word is not both


def test_a_question_word_inside_a_name_asks_nothing(kb: KnowledgeBase) -> None:
    # "where" inside "the film where halle berry plays sofia" (a hop, read as a name) is no
    # question word; outside a name it is
    words = tokens("do the film where halle berry plays sofia and ballerina share a director")
    index = RelationIndex(kb.intents, kb.lacking)
    named = set(range(1, 8))
    assert index.read(words, named).asked is None
    assert index.read(words, set()).asked is Answers.PLACE


def test_a_verb_s_own_about_is_no_premise() -> None:
    index = RelationIndex(
        {"premise": IntentPhrasings(phrasings=["what is {work} about"], relation_last=["about"])},
        {},
    )
    assert Intent.PREMISE in index.read("what is it about".split(), set()).intents
    assert not index.read("the rules john keeps hearing about".split(), set()).intents


def test_a_place_noun_after_an_adjective_asks_a_place() -> None:
    assert asked_for("in which european capital does it take place".split()) is Answers.PLACE
    assert asked_for("which city is it set in".split()) is Answers.PLACE


def test_a_kind_of_value_an_intent_also_holds_fits_the_question_word() -> None:
    where = Relations(asked=Answers.PLACE)
    assert not where.compatible(Answers.DATE)
    assert where.compatible(Answers.DATE, (Answers.PLACE,))  # a release's premiere venue
    assert not Relations(asked=Answers.PERSON).compatible(Answers.DATE, (Answers.PLACE,))


def test_places_after_what_ask_a_place() -> None:
    assert asked_for(tokens("what places does ballerina take place in")) is Answers.PLACE
    assert asked_for(tokens("what place does ballerina have in the timeline")) is not Answers.PLACE


def test_a_premieres_place_is_the_release_not_the_filming(kb: KnowledgeBase) -> None:
    intents, _ = read(kb, "jw4 world premiere location")
    assert intents == {Intent.RELEASE_DATE}
    intents, _ = read(kb, "jw4 filming location")
    assert Intent.FILMING in intents and Intent.RELEASE_DATE not in intents


def test_citizenship_and_coordinating_stunts_name_their_relations(kb: KnowledgeBase) -> None:
    assert Intent.PERSON_INFO in read(kb, "which country is hiroyuki sanada a citizen of")[0]
    assert Intent.STUNTS in read(kb, "who coordinated the stunts on jw2")[0]
    # the verb alone coordinates nothing in particular
    assert Intent.STUNTS not in read(kb, "who coordinated the release of jw2")[0]


def test_to_date_means_so_far_not_a_release_date(kb: KnowledgeBase) -> None:
    intents, _ = read(kb, "what is the highest grossing john wick movie to date")
    assert Intent.RELEASE_DATE not in intents
    assert Intent.RELEASE_DATE in read(kb, "what is the release date of ballerina")[0]


def test_a_kind_word_inside_a_name_is_read_by_combinations_only(kb: KnowledgeBase) -> None:
    index = RelationIndex(kb.intents, kb.lacking)
    words = tokens("who is making the john wick video game")
    name = set(range(3, 8))  # "the john wick video game" is a name
    # "making + game": the game's maker, when "game" is marked as the name's kind word
    assert Intent.PRODUCTION_COMPANY in index.read(words, name, frozenset({7})).intents
    # ... not when the whole name is skipped, as before
    assert Intent.PRODUCTION_COMPANY not in index.read(words, name).intents
    # a kind word is read by no single phrase: "game studio" needs both words outside names
    words = tokens("the john wick game studio")
    marked = index.read(words, set(range(0, 4)), frozenset({3}))
    assert marked == index.read(words, set(range(0, 4)))


def test_a_verb_of_making_yields_to_what_was_made(kb: KnowledgeBase) -> None:
    # "wrote the soundtrack": what was written is the music, not the screenplay
    intents, _ = read(kb, "who wrote the soundtrack for ballerina")
    assert Intent.WRITER not in intents and Intent.SOUNDTRACK in intents
    assert Intent.WRITER not in read(kb, "who wrote the music for chapter 4")[0]
    # written with no other relation as its object, it is the screenplay
    assert Intent.WRITER in read(kb, "who wrote chapter 4")[0]
