"""Works found by constraints (genre, year, certificate, people in a role) and the works
people share, each shape on its own questions."""

from __future__ import annotations

from bot.engine import Conversation, Engine
from bot.intents import Intent
from tests.conftest import TODAY


def ask(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return engine.ask(question, now=TODAY)


def works(answer) -> set[str]:  # type: ignore[no-untyped-def]
    return {e for e in answer.entities if e.startswith("work:")}


def test_people_who_share_works_worked_together_on_them(engine: Engine) -> None:
    answer = ask(engine, "has ian mcshane worked with lance reddick")
    assert answer.intent == Intent.PERSON_WORKS.value
    assert answer.text.startswith("Yes, in the John Wick works")
    assert works(answer) == {
        "work:john-wick",
        "work:chapter-2",
        "work:chapter-3",
        "work:chapter-4",
        "work:ballerina",
    }
    # each one's part on the works they share
    answer = ask(engine, "did bill skarsgard ever work with chad stahelski")
    assert works(answer) == {"work:chapter-4"}
    assert "Bill Skarsgård as" in answer.text and "Chad Stahelski as director" in answer.text


def test_worked_together_reads_both_orders_and_the_same_film(engine: Engine) -> None:
    answer = ask(engine, "have keanu reeves and ana de armas worked together")
    assert works(answer) == {"work:ballerina"} and answer.text.startswith("Yes")
    answer = ask(engine, "are ian mcshane and halle berry in the same movie")
    assert works(answer) == {"work:chapter-3"}


def test_people_who_share_no_work_get_no_with_each_ones_works(engine: Engine) -> None:
    answer = ask(engine, "has halle berry ever worked with norman reedus")
    assert answer.answered and answer.text.startswith("No, not in the John Wick works")
    assert "Parabellum" in answer.text and "Ballerina" in answer.text
    assert not works(answer)
    assert {"person:halle-berry", "person:norman-reedus"} <= set(answer.entities)


def test_before_a_work_bounds_the_works_and_the_notes_name_the_rest(engine: Engine) -> None:
    # every work they share is John Wick or later; outside the franchise, the notes say
    # Stahelski doubled Keanu Reeves in The Matrix
    answer = ask(engine, "did chad stahelski work with keanu reeves before john wick")
    assert answer.text.startswith("Not in the John Wick works before John Wick (2014)")
    assert "Matrix" in answer.text and not works(answer)


def test_works_featuring_several_people_are_those_they_share(engine: Engine) -> None:
    answer = ask(engine, "which movies feature both lance reddick and halle berry")
    assert answer.intent == Intent.PERSON_WORKS.value and works(answer) == {"work:chapter-3"}
    # a credit named for both: the works both have it on
    answer = ask(engine, "what films did derek kolstad and shay hatten both write")
    assert works(answer) == {"work:chapter-3", "work:chapter-4"}
    # a role each: directed by one, starring the other
    answer = ask(engine, "movies directed by chad stahelski and starring ian mcshane")
    assert works(answer) == {"work:john-wick", "work:chapter-2", "work:chapter-3", "work:chapter-4"}


def test_a_genre_year_and_person_name_the_works_that_fit_them_all(engine: Engine) -> None:
    answer = ask(engine, "thriller films from 2017 starring ruby rose")
    assert answer.intent == Intent.PERSON_WORKS.value and works(answer) == {"work:chapter-2"}
    assert answer.text.startswith("The John Wick thriller films from 2017 starring Ruby Rose")
    # the work's genres must all fit: Ballerina is action and thriller, not crime
    answer = ask(engine, "crime movies with ana de armas")
    assert not works(answer) and answer.text.startswith("None of the John Wick works")
    answer = ask(engine, "action thriller films with ana de armas")
    assert works(answer) == {"work:ballerina"}


def test_a_credit_names_the_role_searched(engine: Engine) -> None:
    # Chad Stahelski produced Ballerina but did not direct it
    answer = ask(engine, "action films from 2025 directed by chad stahelski")
    assert not works(answer) and "None of the John Wick works" in answer.text
    answer = ask(engine, "action films from 2025 by len wiseman")
    assert works(answer) == {"work:ballerina"}
    answer = ask(engine, "thriller movies written by shay hatten")
    assert works(answer) == {"work:chapter-3", "work:chapter-4", "work:ballerina"}


def test_a_certificate_and_a_year_bound_are_constraints(engine: Engine) -> None:
    answer = ask(engine, "rated r movies with lance reddick from 2023")
    assert works(answer) == {"work:chapter-4"}
    answer = ask(engine, "are there any pg 13 john wick movies")
    assert answer.answered and answer.text.startswith("No: None of the John Wick works")
    answer = ask(engine, "films with halle berry after 2020")
    assert answer.text.startswith("None of the John Wick works")
    answer = ask(engine, "movies with charon after 2019")
    assert works(answer) == {"work:chapter-4", "work:ballerina"}


def test_the_franchise_named_anchors_a_search_without_people(engine: Engine) -> None:
    answer = ask(engine, "john wick films from 2017")
    assert answer.intent == Intent.LIST_WORKS.value and works(answer) == {"work:chapter-2"}
    answer = ask(engine, "action thriller films from 2025 in the john wick franchise")
    assert works(answer) == {"work:ballerina"}


def test_a_search_with_nothing_of_the_franchise_is_no_search(engine: Engine) -> None:
    # any film's: no person, character or name of ours
    for question in ("thriller movies from 2017", "comedy films from 2014", "r rated movies"):
        assert ask(engine, question).intent != Intent.PERSON_WORKS.value
        assert not ask(engine, question).answered


def test_questions_asking_something_else_are_no_search(engine: Engine) -> None:
    # a fact of one film described ("the film that ..."), of every film, or who did it
    answer = ask(engine, "was the movie that ana de armas starred in directed by len wiseman")
    assert answer.intent == Intent.DIRECTOR.value
    assert ask(engine, "are all the john wick films rated r").intent == Intent.RATING.value
    answer = ask(engine, "who directed the action movies starring keanu reeves from 2023")
    assert answer.intent != Intent.PERSON_WORKS.value
    # another title's year ("the boogeyman 2023 movie")
    assert not ask(engine, "the babadook 2014 movie cast").answered
    # a request is no yes/no question
    assert not ask(engine, "can you find thriller films with ana de armas").text.startswith("Yes")


def test_a_constrained_phrase_names_its_works_when_more_is_asked(engine: Engine) -> None:
    # the year narrows Keanu Reeves' films to the one asked about
    answer = ask(engine, "who scored the action films starring keanu reeves from 2019")
    assert answer.intent == Intent.COMPOSER.value and works(answer) == {"work:chapter-3"}
    assert "person:keanu-reeves" in answer.entities  # the person gone through
    answer = ask(engine, "how long is the r rated film from 2023 with bill skarsgard")
    assert answer.intent == Intent.RUNTIME.value and works(answer) == {"work:chapter-4"}
    # a year that names the work claims nothing of it: no "Yes." before the date
    answer = ask(engine, "when did the thriller film from 2017 starring ruby rose come out")
    assert works(answer) == {"work:chapter-2"} and answer.text.startswith("John Wick: Chapter 2")


def test_a_characters_films_name_who_plays_them(engine: Engine) -> None:
    answer = ask(engine, "movies with the charon character")
    assert answer.intent == Intent.PERSON_WORKS.value and "(Lance Reddick)" in answer.text
    assert "work:ballerina" in works(answer)
    # asked yes or no, it is whether they are in them (actor_in_work's), not the list
    assert ask(engine, "is the marquis in the movies").intent != Intent.PERSON_WORKS.value


def test_an_edited_by_hop_names_the_editors_works(engine: Engine) -> None:
    # the same answer whatever the hash seed: a relation's role is read in a fixed order
    answer = ask(engine, "who directed the film edited by nathan orloff")
    assert answer.intent == Intent.DIRECTOR.value and works(answer) == {"work:chapter-4"}


def test_a_work_named_after_on_scopes_the_shared_works(engine: Engine) -> None:
    # Mel Gibson is only in the series; Ian McShane is not in it
    answer = ask(engine, "did ian mcshane and mel gibson work together on the continental")
    assert answer.text.startswith("No, not in The Continental (2023)")
    answer = ask(engine, "did keanu reeves and halle berry work together on parabellum")
    assert answer.text.startswith("Yes") and works(answer) == {"work:chapter-3"}


def test_a_credit_verb_between_two_people_makes_the_second_the_cast(engine: Engine) -> None:
    answer = ask(engine, "has len wiseman directed ian mcshane")
    assert answer.text.startswith("Yes") and works(answer) == {"work:ballerina"}
    answer = ask(engine, "did chad stahelski direct ana de armas")
    assert answer.answered and answer.text.startswith("No")


def test_no_fit_with_the_franchise_unnamed_is_declined_with_what_is_known(engine: Engine) -> None:
    # "keanu reeves movies from 1999" may be any of his films: Wickbot only knows ours
    answer = ask(engine, "keanu reeves movies from 1999")
    assert not answer.answered and "None of the John Wick works" in answer.text
    # named, the franchise's "no" is an answer
    assert ask(engine, "are there any john wick films from 1999 with keanu reeves").answered


def test_how_many_counts_the_works_found(engine: Engine) -> None:
    answer = ask(engine, "how many movies have lance reddick and halle berry been in together")
    assert answer.text.startswith("1. ") and works(answer) == {"work:chapter-3"}
    answer = ask(engine, "how many john wick films came out in 2019")
    assert answer.intent == Intent.COUNT_WORKS.value and answer.text.startswith("1. ")


def test_a_denied_credit_finds_the_works_without_it(engine: Engine) -> None:
    # Chad Stahelski directed the four main films, not Ballerina (Len Wiseman)
    for question in (
        "are there john wick movies that chad stahelski did not direct",
        "list the john wick films not directed by stahelski",
        "which jw films has chad stahelski never directed",
    ):
        answer = ask(engine, question)
        assert answer.intent == Intent.PERSON_WORKS.value, question
        assert works(answer) == {"work:ballerina"}, question
        assert "Len Wiseman" in answer.text, question
    # a yes/no question gets Yes first
    answer = ask(engine, "are there john wick movies that chad stahelski did not direct")
    assert answer.text.startswith("Yes")


def test_a_denied_credit_keeps_the_kind_asked_and_the_other_constraints(engine: Engine) -> None:
    # Halle Berry is only in Parabellum; Keanu Reeves is in every film, not in the series
    answer = ask(engine, "john wick movies halle berry was not in")
    assert works(answer) == {
        "work:john-wick",
        "work:chapter-2",
        "work:chapter-4",
        "work:ballerina",
    }
    answer = ask(engine, "which john wick works is keanu reeves not credited on")
    assert works(answer) == {"work:the-continental"}
    # positive and denied together: with Ian McShane, without Halle Berry, from 2017 on
    answer = ask(engine, "john wick films after 2016 with ian mcshane but without halle berry")
    assert works(answer) == {"work:chapter-2", "work:chapter-4", "work:ballerina"}


def test_a_denied_credit_nobody_lacks_says_who_has_it_on_each(engine: Engine) -> None:
    answer = ask(engine, "jw movies that don't star keanu reeves")
    assert answer.answered and not works(answer)
    assert answer.text.startswith("None: Keanu Reeves is in every released John Wick film")
    answer = ask(engine, "is there a john wick film without tyler bates")
    assert answer.text.startswith("No: Tyler Bates is credited on every released John Wick film")


def test_a_negation_outside_a_credit_is_no_search(engine: Engine) -> None:
    # who did not do something, why someone is not in a work, a year denied
    for question in (
        "who did not survive the first john wick film",
        "why isn't ian mcshane in the continental",
        "is halle berry not in chapter 4",
    ):
        assert ask(engine, question).intent != Intent.PERSON_WORKS.value, question
    assert not ask(engine, "has keanu never worked with chad stahelski").text.startswith("None")


def test_a_denied_credit_with_the_franchise_unnamed_is_only_what_is_known(engine: Engine) -> None:
    # "movies ruby rose was not in" may be any film's: Wickbot only knows ours
    answer = ask(engine, "movies ruby rose was not in")
    assert not answer.answered and "released John Wick films" in answer.text


def test_a_superlative_ranks_the_works_found_by_its_fact(engine: Engine) -> None:
    # Chapter 4 grossed the most of Keanu Reeves's films; Ballerina is the newest
    answer = ask(engine, "which john wick movie starring keanu reeves earned the most money")
    assert answer.intent == Intent.BOX_OFFICE.value
    assert answer.text.startswith("Of the John Wick films starring Keanu Reeves, the highest")
    assert "is John Wick: Chapter 4 (2023)" in answer.text and answer.answered
    answer = ask(engine, "the newest jw film featuring ian mcshane")
    assert answer.intent == Intent.RELEASE_DATE.value and "the latest is Ballerina" in answer.text
    # the ranking is among the works found, not all the films: Ballerina is not his
    answer = ask(engine, "the longest john wick film written by derek kolstad")
    assert (
        answer.intent == Intent.RUNTIME.value
        and "the longest is John Wick: Chapter 4" in answer.text
    )
    answer = ask(engine, "shortest john wick movie shay hatten wrote")
    assert "the shortest is Ballerina (2025)" in answer.text  # 125 minutes, before Parabellum


def test_a_ranking_reads_its_measure_words_and_way(engine: Engine) -> None:
    # the review score named by its site; the lowest of Halle Berry's one film is that film
    answer = ask(
        engine, "the john wick film with lance reddick with the worst rotten tomatoes score"
    )
    assert answer.intent == Intent.SCORES.value and "the worst-reviewed is Ballerina" in answer.text
    answer = ask(engine, "highest rated john wick movie starring halle berry")
    assert "is the only one of the John Wick films starring Halle Berry" in answer.text
    # by the site named: Metacritic puts Parabellum (73) before Chapter 2 (76)
    answer = ask(engine, "lowest metacritic score of a john wick movie featuring keanu reeves")
    assert "the worst-reviewed is Ballerina (2025)" in answer.text
    assert "Then: John Wick (2014), John Wick: Chapter 3 – Parabellum (2019), John" in answer.text
    # the cheapest film Chad Stahelski directed is the first
    answer = ask(engine, "cheapest john wick film directed by chad stahelski")
    assert (
        answer.intent == Intent.BUDGET.value and "the cheapest is John Wick (2014)" in answer.text
    )


def test_a_persons_works_by_name_alone_are_those_of_their_main_role(engine: Engine) -> None:
    # Chad Stahelski produced Ballerina (125 minutes) but directed the four main films
    answer = ask(engine, "stahelski's shortest john wick movie")
    assert "films directed by Chad Stahelski, the shortest is John Wick (2014)" in answer.text


def test_a_ranking_with_the_franchise_unnamed_is_only_what_is_known(engine: Engine) -> None:
    # "halle berry's highest grossing movie" is of all her films: Wickbot only knows ours
    answer = ask(engine, "halle berry's highest grossing movie")
    assert not answer.answered and answer.text.startswith("I only know the John Wick works")
    # a superlative alone is the films' (no search): unchanged
    answer = ask(engine, "the shortest john wick film")
    assert answer.text.startswith("The shortest John Wick film is John Wick (2014)")


def test_a_phrase_with_a_denied_credit_names_its_works_when_more_is_asked(engine: Engine) -> None:
    # the one John Wick film Derek Kolstad did not write is Ballerina (Shay Hatten)
    answer = ask(engine, "who wrote the john wick movie not written by derek kolstad")
    assert answer.intent == Intent.WRITER.value and works(answer) == {"work:ballerina"}
    assert "Shay Hatten" in answer.text
    answer = ask(engine, "what is the runtime of the jw film not directed by chad stahelski")
    assert answer.intent == Intent.RUNTIME.value and "125 minutes" in answer.text


def test_a_name_of_the_franchise_opened_by_a_superlative_ranks_the_works(engine: Engine) -> None:
    # "the first john wick film" alone is the 2014 film; bounded, the first of those after
    answer = ask(engine, "the first john wick movie to come out after 2019")
    assert answer.intent == Intent.RELEASE_DATE.value
    assert "the earliest is John Wick: Chapter 4 (2023)" in answer.text
    answer = ask(engine, "the newest john wick film written by derek kolstad")
    assert "the latest is John Wick: Chapter 4 (2023)" in answer.text
    assert ask(engine, "the first john wick movie").text.startswith("John Wick (2014)")


def test_a_rankings_measure_may_be_said_in_other_words(engine: Engine) -> None:
    # the most successful is the highest grossing; "runs the longest" is the runtime
    answer = ask(engine, "the most successful jw movie written by shay hatten")
    assert answer.intent == Intent.BOX_OFFICE.value
    assert "the highest-grossing is John Wick: Chapter 4 (2023)" in answer.text
    answer = ask(engine, "which john wick film featuring lance reddick runs the shortest")
    assert (
        answer.intent == Intent.RUNTIME.value and "the shortest is John Wick (2014)" in answer.text
    )
    # "the john wick series" after "film" is the franchise, not the kind of work
    answer = ask(
        engine, "which movie in the john wick series written by shay hatten made the least"
    )
    assert "films written by Shay Hatten, the lowest-grossing is Ballerina (2025)" in answer.text


def test_a_denied_year_genre_or_certificate_leaves_the_works_without_it(engine: Engine) -> None:
    answer = ask(engine, "jw movies that were not released in 2017")
    assert works(answer) == {
        "work:john-wick",
        "work:chapter-3",
        "work:chapter-4",
        "work:ballerina",
    }
    assert answer.text.startswith("The John Wick films not from 2017")
    # a person beside the denied year is not denied ("... with lance reddick not from 2019")
    answer = ask(engine, "john wick films with lance reddick that did not come out in 2019")
    assert "work:chapter-3" not in works(answer) and "work:chapter-4" in works(answer)
    # every film is rated R and an action film: none is left
    answer = ask(engine, "are there any john wick movies that aren't rated r")
    assert answer.text.startswith("No: None of the John Wick works is a film not rated R")
    assert not works(ask(engine, "non-action john wick movies"))


def test_a_pronoun_searches_for_the_person_the_conversation_is_about(engine: Engine) -> None:
    conversation = Conversation()
    engine.ask("who is derek kolstad", now=TODAY, conversation=conversation)
    answer = engine.ask("which jw films did he not write", now=TODAY, conversation=conversation)
    assert works(answer) == {"work:ballerina"} and "Derek Kolstad" in answer.text
    answer = engine.ask("his shortest john wick film", now=TODAY, conversation=conversation)
    assert "written by Derek Kolstad, the shortest is John Wick (2014)" in answer.text
    # a work talked about last is no one to stand for
    engine.ask("when did ballerina come out", now=TODAY, conversation=conversation)
    answer = engine.ask("john wick movies he did not write", now=TODAY, conversation=conversation)
    assert "Derek Kolstad" not in answer.text


def test_first_or_last_before_the_verb_ranks_a_characters_works(engine: Engine) -> None:
    # "first" (normalised "1") is an adverb of the verb; a character's works are all ours
    first = engine.ask("what film did sofia first appear in", now=TODAY)
    assert first.answered and first.text.startswith("John Wick: Chapter 3 – Parabellum (2019)")
    last = engine.ask("which film did john wick last appear in", now=TODAY)
    assert last.answered and "the latest is Ballerina (2025)" in last.text
    # a person's first film may be outside the franchise: said, and not answered as a fact
    person = engine.ask("what movie did chad stahelski first direct", now=TODAY)
    assert not person.answered and person.text.startswith("I only know the John Wick works.")
    assert "the earliest is John Wick (2014)" in person.text
