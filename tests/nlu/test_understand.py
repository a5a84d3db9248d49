"""Mechanisms of understanding, each shown on questions written for it."""

from __future__ import annotations

import pytest

from bot.engine import Conversation, Engine
from bot.intents import Answers, Intent
from tests.conftest import TODAY


def ask(engine: Engine, question: str):  # type: ignore[no-untyped-def]
    return engine.ask(question, now=TODAY)


def test_a_stranded_last_word_names_the_relation(engine: Engine) -> None:
    # "about" at the end asks for the premise, whatever tense surrounds it
    answer = ask(engine, "what is the caine spinoff going to be about")
    assert answer.answered and answer.intent == Intent.PREMISE.value
    assert ask(engine, "so what's ballerina about?").intent == Intent.PREMISE.value
    # ... but "what about X" is a follow-up or an overview, not the premise
    assert ask(engine, "what about ballerina").intent != Intent.PREMISE.value


def test_help_named_to_the_bot_is_answered(engine: Engine) -> None:
    for question in ("what sort of questions do you answer?", "what are you able to help with"):
        answer = ask(engine, question)
        assert answer.answered and answer.intent == Intent.HELP.value, question
    # a request for help with something else is not about the bot's questions
    assert not ask(engine, "can you help me with my taxes").answered


def test_a_name_modifying_a_noun_after_a_is_the_work(engine: Engine) -> None:
    answer = ask(engine, "will there be a ballerina sequel")
    assert answer.answered and answer.intent == Intent.STATUS.value
    assert "Ballerina" in answer.text
    # "a ballerina" alone is any ballerina
    assert not ask(engine, "how do i become a ballerina").answered


def test_a_thing_named_twice_is_a_word_under_discussion(engine: Engine) -> None:
    answer = ask(engine, "why is chapter 3 called parabellum")
    assert answer.intent == Intent.LORE.value and "prepare for war" in answer.text
    answer = ask(engine, "why is eve called rooney")
    assert answer.intent == Intent.LORE.value and "Rooney" in answer.text
    # named once, the work is simply the work
    assert ask(engine, "how long is parabellum").intent == Intent.RUNTIME.value


def test_future_tense_cast_questions_ask_about_the_cast(engine: Engine) -> None:
    answer = ask(engine, "will keanu be in under the high table")
    assert answer.intent == Intent.ACTOR_IN_WORK.value
    answer = ask(engine, "is donnie yen in the wickverse")
    assert answer.answered and "Caine" in answer.text


def test_a_short_answer_keeps_the_sentence_about_what_was_asked(engine: Engine) -> None:
    # the names the question repeats ("high table") don't choose the sentence; "seats" does
    answer = ask(engine, "how many seats are there at the high table")
    assert "12 seats" in answer.text and len(answer.text) <= 400


def test_a_fact_asked_of_the_whole_franchise_is_summed(engine: Engine) -> None:
    answer = ask(engine, "how much has the john wick franchise grossed")
    assert answer.intent == Intent.BOX_OFFICE.value
    assert answer.text.startswith("Together, all 5 films grossed about $1.")
    assert "billion" in answer.text
    answer = ask(engine, "how long are all the john wick films combined")
    assert answer.intent == Intent.RUNTIME.value and "minutes" in answer.text
    # a fact of each film, not the list of films
    assert ask(engine, "are all the john wick movies rated r").intent == Intent.RATING.value
    # with a person named, "the franchise" is where to look for their works
    answer = ask(engine, "everything chad stahelski directed in the franchise")
    assert "Together" not in answer.text


def test_crew_wickbot_lacks_is_named_even_where_a_word_describes_a_topic(engine: Engine) -> None:
    # "location" and "blood" describe lore topics; "location manager" and "blood type" are
    # facts Wickbot has no data for
    for question in ("who was the location manager on chapter 4", "what is john's blood type"):
        answer = ask(engine, question)
        assert not answer.answered and answer.text.startswith("I don't have"), question


def test_a_described_topic_must_concern_the_person_named(engine: Engine) -> None:
    # John's Mustang is not Winston's car
    assert not ask(engine, "what car does winston drive").answered
    answer = ask(engine, "does john ever get his car back")
    assert answer.answered and "Mustang" in answer.text


def test_new_relations_without_data_say_so(engine: Engine) -> None:
    answer = ask(engine, "is there a post-credits scene in chapter 4")
    assert not answer.answered and "after the credits" in answer.text
    answer = ask(engine, "how many people watched the continental")
    assert not answer.answered and "viewing figures" in answer.text


def test_a_claimed_value_names_its_relation(engine: Engine) -> None:
    answer = ask(engine, "is john wick 2 in italian")
    assert answer.intent == Intent.LANGUAGE.value and answer.text.startswith("Yes")
    assert ask(engine, "is chapter 2 an italian film").intent == Intent.COUNTRY.value
    # a region is not a claim about the country of origin
    answer = ask(engine, "what day did chapter 4 release in the us")
    assert answer.intent == Intent.RELEASE_DATE.value


def test_a_superlative_over_the_franchise_compares_the_films(engine: Engine) -> None:
    answer = ask(engine, "highest grossing john wick film")
    assert answer.intent == Intent.BOX_OFFICE.value and "Chapter 4" in answer.text
    answer = ask(engine, "which john wick movie is the shortest")
    assert answer.intent == Intent.RUNTIME.value and "101 minutes" in answer.text


def test_works_named_through_a_person_alone_ask_for_those_works(engine: Engine) -> None:
    answer = ask(engine, "movies written by michael finch")
    assert answer.intent == Intent.WRITER.value and "Chapter 4" in answer.text
    # with something else asked of them, the hop names the works
    answer = ask(engine, "what languages are spoken in the films directed by len wiseman")
    assert answer.intent == Intent.LANGUAGE.value and "Ballerina" in answer.text


def test_the_franchise_name_beside_works_named_through_a_person_asks_nothing_more(
    engine: Engine,
) -> None:
    # "all john wick films starring X": the franchise scopes the works, the cast is read the
    # other way (of a person: their works), not the list of every film
    answer = ask(engine, "list every john wick movie with keanu reeves in it")
    assert answer.intent == Intent.PERSON_WORKS.value and "Keanu Reeves" in answer.text
    answer = ask(engine, "name all the jw films starring laurence fishburne")
    assert answer.intent == Intent.PERSON_WORKS.value
    assert "Chapter 2" in answer.text and "Ballerina" not in answer.text
    # the list itself still answers the list
    assert ask(engine, "list all the john wick films").intent == Intent.LIST_WORKS.value


def test_words_of_facts_wickbot_lacks_are_not_corrected(engine: Engine) -> None:
    answer = ask(engine, "what frame rate was chapter 4 shot at")
    assert not answer.answered and "technical" in answer.text


def test_any_of_the_films_is_asked_of_them_all(engine: Engine) -> None:
    answer = ask(engine, "did any john wick movie get an oscar nomination")
    assert answer.intent == Intent.AWARDS.value
    assert answer.text.startswith("Not that I know of: none of the 5 films has an Oscar")
    answer = ask(engine, "has a john wick film won a golden trailer award")
    assert answer.intent == Intent.AWARDS.value and "Golden Trailer" in answer.text


def test_two_different_credits_are_not_kin(engine: Engine) -> None:
    # the action director is the stunt team, not the director
    answer = ask(engine, "who was the action director of the continental")
    assert answer.intent == Intent.STUNTS.value


def test_relation_words_after_a_name_do_not_extend_it(engine: Engine) -> None:
    answer = ask(engine, "when did lance reddick pass away")
    assert answer.answered and "March 17, 2023" in answer.text


def test_a_series_part_is_an_episode_not_a_sequel(engine: Engine) -> None:
    answer = ask(engine, "who directed the continental part two")
    assert answer.intent == Intent.DIRECTOR.value and "episode 2" in answer.text


def test_works_described_by_their_star(engine: Engine) -> None:
    answer = ask(engine, "who directed the ana de armas john wick film")
    assert answer.intent == Intent.DIRECTOR.value and "Len Wiseman" in answer.text
    answer = ask(engine, "what year did the john wick movie starring mark dacascos come out")
    assert answer.answered and "2019" in answer.text


def test_the_franchise_name_before_an_alias_belongs_to_it(engine: Engine) -> None:
    assert ask(engine, "john wick part 5").intent == Intent.OVERVIEW.value


def test_a_currency_after_in_is_a_unit_not_another_film(engine: Engine) -> None:
    answer = ask(engine, "what was the budget of chapter 2 in dollars")
    assert answer.intent == Intent.BUDGET.value and "$40 million" in answer.text


def test_a_birth_date_asked_with_a_work_gives_the_age_then(engine: Engine) -> None:
    answer = ask(engine, "how old was keanu in the first john wick")
    assert answer.intent == Intent.PERSON_BORN.value and "was 50 when" in answer.text


def test_the_franchise_name_alone_is_the_franchise_in_lore(engine: Engine) -> None:
    answer = ask(engine, "what are the john wick coins for")
    assert answer.intent == Intent.LORE.value and "currency" in answer.text


def test_a_topic_named_by_alias_survives_a_verb_after_a_name(engine: Engine) -> None:
    answer = ask(engine, "why was john wick named excommunicado in chapter 2")
    assert answer.intent == Intent.LORE.value and "excommunicado" in answer.text


def test_a_work_named_by_the_topic_title_is_the_topic(engine: Engine) -> None:
    # "the continental" in "the rules of the continental" is the hotel, not the series
    answer = ask(engine, "what are the rules of the continental")
    assert answer.intent == Intent.LORE.value and "business" in answer.text


def test_an_episode_title_names_its_series(engine: Engine) -> None:
    answer = ask(engine, "theater of pain continental air date")
    assert answer.answered and "October 6, 2023" in answer.text


def test_a_year_that_is_not_the_works_is_another_film(engine: Engine) -> None:
    assert not ask(engine, "who stars in the 2023 korean netflix movie ballerina").answered
    assert ask(engine, "who stars in the 2025 film ballerina").answered


def test_the_actor_who_plays_a_character_is_that_person(engine: Engine) -> None:
    answer = ask(engine, "when was the actor who plays winston born")
    assert answer.intent == Intent.PERSON_BORN.value and "Ian McShane" in answer.text
    # asked alone, it is who plays him
    assert ask(engine, "who is the actor who plays winston").intent == Intent.WHO_PLAYS.value


def test_what_wickbot_can_say_instead_fits_what_was_asked_about(engine: Engine) -> None:
    answer = ask(engine, "how tall is keanu reeves")
    assert not answer.answered and "their roles" in answer.text
    assert "release date" not in answer.text


def test_a_name_after_call_is_discussed_as_a_word(engine: Engine) -> None:
    answer = ask(engine, "why do they call john baba yaga")
    assert answer.intent == Intent.LORE.value and "nickname" in answer.text


def test_ordinary_words_about_all_the_films_do_not_count_against_a_topic(engine: Engine) -> None:
    answer = ask(engine, "total body count across all four films")
    assert answer.answered and answer.intent == Intent.LORE.value


def test_is_someone_in_a_john_wick_movie_asks_of_every_work(engine: Engine) -> None:
    answer = ask(engine, "was mel gibson in a john wick movie")
    assert answer.intent == Intent.ACTOR_IN_WORK.value
    assert answer.text.startswith("Yes") and "The Continental" in answer.text
    # "which movies was she in" asks for the list
    answer = ask(engine, "which wick movies was bridget moynahan in")
    assert answer.intent == Intent.PERSON_WORKS.value


def test_a_possessive_name_before_a_topic_word_the_topic_concerns(engine: Engine) -> None:
    # John's pit bull is about John; "donnie yen's wife" is not Helen
    answer = ask(engine, "does john's pitbull have a name")
    assert answer.intent == Intent.LORE.value and "never named" in answer.text
    assert not ask(engine, "how old is donnie yen's wife").answered


def test_where_to_watch_does_not_answer_when(engine: Engine) -> None:
    answer = ask(engine, "on what date did the continental start streaming")
    assert answer.intent == Intent.RELEASE_DATE.value and "Peacock" in answer.text
    assert ask(engine, "where can i stream chapter 4").intent == Intent.WHERE_TO_WATCH.value


def test_a_game_is_developed_by_its_studio(engine: Engine) -> None:
    answer = ask(engine, "who is developing the john wick video game")
    assert answer.intent == Intent.PRODUCTION_COMPANY.value and "Saber" in answer.text


def test_watching_before_asks_the_watch_order(engine: Engine) -> None:
    answer = ask(engine, "do i need to watch the continental before ballerina")
    assert answer.intent == Intent.WATCH_ORDER.value


def test_a_franchise_relation_alone_anchors_but_not_beside_another(engine: Engine) -> None:
    assert ask(engine, "watch order pls").intent == Intent.WATCH_ORDER.value
    # a music bot's command: the song's relation competes with skipping films
    assert not ask(engine, "skip this song").answered
    assert ask(engine, "can i skip chapter 2").intent == Intent.WATCH_ORDER.value


def test_a_thing_counted_in_is_not_asked_about(engine: Engine) -> None:
    answer = ask(engine, "how many john wick movies are there including ballerina")
    assert answer.intent == Intent.COUNT_WORKS.value and "5 John Wick films" in answer.text


def test_a_kind_of_film_names_the_work_it_describes(engine: Engine) -> None:
    # Ballerina is not animated: "the animated ballerina" is another film
    assert not ask(engine, "when did leap (the animated ballerina) come out").answered
    answer = ask(engine, "who is directing the animated john wick movie")
    assert answer.intent == Intent.DIRECTOR.value and "Shannon Tindle" in answer.text


def test_a_title_yet_asks_for_the_status(engine: Engine) -> None:
    # "title + yet": whether it has a title by now is its status, not what "Parabellum" means
    answer = ask(engine, "has the john wick video game got a title yet")
    assert answer.intent == Intent.STATUS.value and "untitled" in answer.text
    # the title's meaning, with no "yet", is still the lore topic
    assert ask(engine, "what does the title parabellum mean").intent == Intent.LORE.value
    assert ask(engine, "what is the full title of jw4").intent != Intent.STATUS.value


def test_new_and_a_medium_name_the_one_work_of_it_not_out_yet(engine: Engine) -> None:
    # the video game is the one game; it is not out yet
    answer = ask(engine, "does keanu reeves voice john in the new game")
    assert answer.intent == Intent.ACTOR_IN_WORK.value and "voice" in answer.text
    assert "work:video-game" in answer.entities
    # "the new series": Under the High Table (The Continental is out)
    assert "work:under-the-high-table" in ask(engine, "is keanu in the new series").entities
    # a longer title is another game, and "the new film" is one of several films
    assert not ask(engine, "is keanu in the new game of thrones").answered
    answer = ask(engine, "is keanu in the new film")
    assert "work:chapter-5" not in answer.entities and "work:caine" not in answer.entities


def test_whether_a_work_not_out_yet_is_real_is_its_status(engine: Engine) -> None:
    answer = ask(engine, "is the john wick video game real")
    assert answer.intent == Intent.STATUS.value and "announced" in answer.text
    assert ask(engine, "is chapter 5 real").intent == Intent.STATUS.value
    # a released work exists: "real" asks about the man, or the story, not a status
    assert ask(engine, "is john wick real").intent != Intent.STATUS.value
    assert ask(engine, "is the continental real").intent != Intent.STATUS.value


def test_a_lesser_alternative_after_or_just_is_not_asked(engine: Engine) -> None:
    # "or just directing" offers the lesser alternative: whether he acts in it is asked
    answer = ask(engine, "is donnie yen in the caine movie too or just directing")
    assert answer.intent == Intent.ACTOR_IN_WORK.value and answer.text.startswith("Yes")
    # without "just" both sides stand, and the relation named first is read as before
    answer = ask(engine, "is keanu directing chapter 5 or acting")
    assert answer.intent == Intent.DIRECTOR.value


def test_a_character_name_after_for_or_in_may_name_the_work_named_after_him(
    engine: Engine,
) -> None:
    # "for caine": the Caine spin-off, which Rina Sawayama is reported to return for
    answer = ask(engine, "is rina sawayama coming back for caine")
    assert answer.answered and "work:caine" in answer.entities and "Akira" in answer.text
    # "caine" alone is the character
    answer = ask(engine, "who is caine")
    assert answer.intent == Intent.CHARACTER_INFO.value and "work:caine" not in answer.entities


def test_a_title_like_run_after_in_is_another_film(engine: Engine) -> None:
    assert not ask(engine, "what role did halle berry play in die another day").answered
    # a question after "in" is not a title
    assert ask(engine, "in what year was ballerina released").answered


def test_the_same_credit_as_a_work_names_its_people(engine: Engine) -> None:
    answer = ask(engine, "which movies have the same director as john wick")
    assert answer.intent == Intent.DIRECTOR.value and "Chapter 4" in answer.text


def test_a_count_of_a_list_is_read_from_the_list(engine: Engine) -> None:
    answer = ask(engine, "how many movies has chad stahelski directed")
    assert answer.intent == Intent.DIRECTOR.value and "Chapter 4" in answer.text
    answer = ask(engine, "how many john wick movies have come out so far")
    assert answer.intent == Intent.COUNT_WORKS.value


def test_a_fact_of_the_john_wick_films_is_asked_of_each(engine: Engine) -> None:
    answer = ask(engine, "oscar nominations for the john wick films")
    assert answer.intent == Intent.AWARDS.value and "Oscar" in answer.text
    # other films' director is not ours
    assert not ask(engine, "which movies have the same director as just cause").answered


def test_in_a_kinship_phrase_the_second_name_is_meant(engine: Engine) -> None:
    answer = ask(engine, "who played viggo's brother abram")
    assert answer.intent == Intent.WHO_PLAYS.value and "Peter Stormare" in answer.text


def test_more_facts_wickbot_lacks_are_named_not_answered(engine: Engine) -> None:
    for question in (
        "who did the lighting on chapter 4",
        "how many people worked on chapter 4",
        "what is the bowery king's real name",
        "how much did the continental hotel set cost",
    ):
        answer = ask(engine, question)
        assert not answer.answered and answer.text.startswith("I don't have"), question
    # John's real name is known
    assert "Jardani" in ask(engine, "what is john wick's real name").text


def test_of_the_relations_named_the_one_answering_the_question_word_wins(engine: Engine) -> None:
    answer = ask(engine, "who composed the ballerina soundtrack")
    assert answer.intent == Intent.COMPOSER.value and "Tyler Bates" in answer.text


def test_a_year_names_the_work_of_that_year_someone_is_in(engine: Engine) -> None:
    answer = ask(engine, "what 2023 film features bill skarsgard as the marquis")
    assert answer.answered and "Chapter 4" in answer.text


def test_one_after_a_name_is_the_work_itself(engine: Engine) -> None:
    answer = ask(engine, "when was the continental first aired")
    assert answer.intent == Intent.RELEASE_DATE.value and "September 22, 2023" in answer.text


def test_what_is_a_topic_asks_for_the_topic(engine: Engine) -> None:
    answer = ask(engine, "what is a marker")
    assert answer.intent == Intent.LORE.value and "blood oath" in answer.text
    # with more asked of it, "a pencil" is any pencil
    assert not ask(engine, "what is a pencil made of").answered
    # "a ballerina" is a dancer, not the film
    assert not ask(engine, "what is a ballerina").answered


def test_is_there_a_sequel_asks_its_status(engine: Engine) -> None:
    answer = ask(engine, "is there a john wick 5")
    assert answer.intent == Intent.STATUS.value and answer.text.startswith("Yes")


def test_a_works_own_fact_beats_a_franchise_answer(engine: Engine) -> None:
    # "release year of the movie ..." is not the watch order (the example)
    answer = ask(engine, "release year of the movie john wick chapter 4")
    assert answer.intent == Intent.RELEASE_DATE.value and "2023" in answer.text
    assert ask(engine, "describe ballerina briefly").intent == Intent.OVERVIEW.value


def test_a_games_platforms_are_in_its_status(engine: Engine) -> None:
    answer = ask(engine, "what platforms is the john wick game on")
    assert answer.intent == Intent.STATUS.value and "PS5" in answer.text


def test_the_franchise_name_before_series_is_the_franchise(engine: Engine) -> None:
    answer = ask(engine, "which films in the john wick series did tyler bates score")
    assert answer.answered and "Chapter 2" in answer.text and "Chapter 4" in answer.text
    assert not answer.text.startswith("Yes")  # nothing was asked yes or no


def test_an_announcement_is_asked_of_the_status(engine: Engine) -> None:
    answer = ask(engine, "when was the under the high table series announced")
    assert answer.answered and answer.intent == "status" and "2024" in answer.text


def test_a_word_before_a_name_of_plain_words_names_another_work(engine: Engine) -> None:
    # "part three" is Chapter 3 only when nothing unknown comes before it
    assert not ask(engine, "is dune part three coming out").answered
    assert ask(engine, "when did part three come out").answered


def test_at_a_place_wickbot_does_not_know_scopes_away(engine: Engine) -> None:
    assert not ask(engine, "what is high table at oxford").answered
    assert ask(engine, "what is the high table").answered


def test_a_character_described_without_a_name(engine: Engine) -> None:
    # the words of a character's description, scoped to a work the character is in
    answer = ask(engine, "who plays the cult leader in ballerina")
    assert answer.answered and "character:chancellor" in [str(e) for e in answer.entities]
    answer = ask(engine, "who runs the osaka continental")
    assert answer.answered and "Shimazu" in answer.text
    # a work's name inside the description ("the casablanca continental") is not the series
    answer = ask(engine, "who runs the casablanca continental")
    assert (
        answer.answered
        and "Sofia" in answer.text
        and "work:the-continental" not in [str(e) for e in answer.entities]
    )


def test_a_description_two_characters_fit_is_not_guessed(engine: Engine) -> None:
    # "continental" describes several characters about as well: no one is picked
    answer = ask(engine, "who plays the continental guy")
    assert not any(str(e).startswith("character:") for e in answer.entities)


def test_kinship_words_are_read_as_one(engine: Engine) -> None:
    answer = ask(engine, "who played eve's dad in ballerina")
    assert answer.answered and "David Castañeda" in answer.text


def test_a_person_named_with_a_work_they_have_no_part_in(engine: Engine) -> None:
    # not a yes/no question: "john wick" is the franchise, not the 2014 film she is not in
    answer = ask(engine, "ruby rose john wick role")
    assert answer.answered and "Ares" in answer.text
    # a yes/no question keeps the work: the answer is no
    answer = ask(engine, "was ruby rose in chapter 4")
    assert answer.answered and answer.text.startswith("No")


def test_a_person_named_through_a_credit_on_a_work(engine: Engine) -> None:
    answer = ask(engine, "how old is ballerina's director")
    assert answer.answered and "Len Wiseman" in answer.text and "1973" in answer.text
    answer = ask(engine, "when was the writer of john wick born")
    assert answer.answered and "Derek Kolstad" in answer.text
    # nothing else asked of the director: the credit itself
    answer = ask(engine, "who is the director of ballerina")
    assert answer.intent == "director" and "Len Wiseman" in answer.text


def test_two_hops(engine: Engine) -> None:
    answer = ask(engine, "the films directed by the director of ballerina starred who")
    assert answer.answered and "Ana de Armas" in answer.text


def test_a_title_is_asked_of_the_work_or_its_episodes(engine: Engine) -> None:
    answer = ask(engine, "what is the full title of the third john wick film")
    assert answer.intent == "overview" and "Parabellum" in answer.text
    answer = ask(engine, "continental episode 3 title")
    assert answer.intent == "episodes" and "Theater of Pain" in answer.text
    # what the title means is still its lore
    assert ask(engine, "what does the title parabellum mean").intent == "lore"


def test_a_relation_word_that_cannot_apply_to_what_is_named(engine: Engine) -> None:
    # "dead" asks a person's death date; John Wick is a character: his fate, the lore topic
    answer = ask(engine, "is john wick actually dead")
    assert answer.intent == "lore" and "topic:johns-fate" in [str(e) for e in answer.entities]


def test_a_bare_description_with_a_work_names_the_character(engine: Engine) -> None:
    answer = ask(engine, "main villain john wick 2")
    assert answer.answered and "Santino" in answer.text
    # ... but not without a work: "hotels in rome" describes no one of the franchise
    assert not ask(engine, "best hotels in rome").answered


def test_who_played_a_described_character_before_a_topic(engine: Engine) -> None:
    answer = ask(engine, "who played the guy who killed john wick's dog")
    assert answer.answered and "Alfie Allen" in answer.text


def test_a_bare_description_is_the_character_that_explains_more_of_it_than_a_topic(
    engine: Engine,
) -> None:
    answer = ask(engine, "chapter 4 bounty hunter with the dog actor")
    assert answer.answered and "Shamier Anderson" in answer.text
    answer = ask(engine, "ballerina prague continental orphan assassin actress")
    assert answer.answered and "Lena" in answer.text
    # a topic that explains the words as well stays the topic
    answer = ask(engine, "what are the continental hotel rules in chapter 2")
    assert answer.intent == Intent.LORE.value and "rules" in answer.text


def test_a_song_or_its_singer_names_the_soundtrack_and_its_work(engine: Engine) -> None:
    answer = ask(engine, "who sings eye for an eye")
    assert answer.intent == "soundtrack" and "Rina Sawayama" in answer.text
    assert "work:chapter-4" in [str(e) for e in answer.entities]
    # the franchise's name is not the 2014 film when the song is another film's
    answer = ask(engine, "eye for an eye singer john wick")
    assert "work:chapter-4" in [str(e) for e in answer.entities]
    answer = ask(engine, "what pink floyd song is in the continental")
    assert answer.answered and "Welcome to the Machine" in answer.text
    # a singer named with a work: their song
    answer = ask(engine, "what song does rina sawayama sing for john wick 4")
    assert answer.text.startswith("“Eye for an Eye”")


def test_a_kindred_relation_named_yields_the_question(engine: Engine) -> None:
    # a release date is also a "when", but "announced" names the status
    answer = ask(engine, "when was chapter 5 first announced")
    assert answer.intent == "status" and "2025" in answer.text
    assert ask(engine, "when did chapter 4 first come out").intent == "release_date"


def test_a_works_name_may_describe_a_character_of_another_work(engine: Engine) -> None:
    answer = ask(engine, "who played the ballerina in john wick 3")
    assert answer.answered and "Unity Phelan" in answer.text


def test_the_status_is_not_a_fact_of_every_film(engine: Engine) -> None:
    # "in development" of the films as a whole: the announced ones, not each film's status
    answer = ask(engine, "what john wick movies are in development")
    assert answer.intent == "upcoming" and "Chapter 5" in answer.text
    # ... while two works named are both asked about
    answer = ask(engine, "what is the status of chapter 5 and the caine movie")
    assert answer.intent == "status"
    assert {"work:chapter-5", "work:caine"} <= {str(e) for e in answer.entities}


def test_the_one_credited_on_most_of_the_films(engine: Engine) -> None:
    answer = ask(engine, "where was the director of the john wick films born")
    assert answer.answered and "person:chad-stahelski" in [str(e) for e in answer.entities]
    # nothing else asked of the director: the directors themselves, film by film
    assert ask(engine, "who directed the john wick films").intent == "director"


def test_a_credit_hop_needs_something_asked_of_the_people(engine: Engine) -> None:
    # "when did ... start" asks no date of Len Wiseman: his birth date would be no answer
    answer = ask(engine, "when did the director of ballerina start")
    assert answer.intent != "person_born"
    assert "Fremont" in ask(engine, "where is the director of ballerina from").text


def test_a_combination_of_words_is_not_also_read_word_by_word(engine: Engine) -> None:
    # "rating ... metacritic" is the review score; "rating" alone is the age rating
    answer = ask(engine, "what is the rating of ballerina on metacritic")
    assert answer.intent == "scores" and "Metacritic" in answer.text
    assert ask(engine, "what is ballerina rated").intent == "rating"


def test_facts_wickbot_lacks_beside_facts_it_has(engine: Engine) -> None:
    for question in (
        "when did chapter 4 come out on blu-ray",  # not its cinema release
        "what is ballerina rated in the uk",  # not its US rating
        "what lens was chapter 4 shot with",  # not its cinematographer (nor Len Wiseman)
    ):
        answer = ask(engine, question)
        assert not answer.answered and "I don't have" in answer.text, question


def test_a_characters_relation_to_another_named_character(engine: Engine) -> None:
    # the one character whose description says so: "Viggo's brother", "Santino's ... bodyguard"
    answer = ask(engine, "who played viggo's brother")
    assert answer.answered and "Peter Stormare" in answer.text
    assert "Ares" in ask(engine, "who is santino's bodyguard").text
    assert "Cassian" in ask(engine, "who is gianna's bodyguard").text


def test_a_description_without_a_work_needs_a_word_of_the_franchise(engine: Engine) -> None:
    assert not ask(engine, "who is the best sushi chef in the world").answered
    assert "Bowery King" in ask(engine, "who's the guy that runs the bowery").text


def test_function_words_are_not_foreign(engine: Engine) -> None:
    for question in ("what did john do without his dog", "who is against john in chapter 4"):
        assert engine.understander.understand(question).foreign == (), question


def test_rt_is_rotten_tomatoes(engine: Engine) -> None:
    answer = ask(engine, "jw4 rt score")
    assert answer.intent == "scores" and "Rotten Tomatoes" in answer.text


def test_more_facts_wickbot_lacks_are_said_to_be_missing(engine: Engine) -> None:
    for question in (
        "how many guns were used in chapter 3",  # not the weapons trivia
        "how much did the marketing for ballerina cost",  # not its budget
        "who was the music supervisor on the continental",  # not its composer
        "does donnie yen have kids",  # not his role
    ):
        answer = ask(engine, question)
        assert not answer.answered and "I don't have" in answer.text, question


def test_anything_john_wick_is_the_franchises(engine: Engine) -> None:
    answer = ask(engine, "is anything john wick coming out soon")
    assert answer.intent == "upcoming" and "Chapter 5" in answer.text


def test_a_place_in_the_order_claimed_is_answered_yes_or_no(engine: Engine) -> None:
    answer = ask(engine, "is chapter 4 the last john wick movie")
    assert answer.text.startswith("No") and "Ballerina" in answer.text
    assert "Chapter 5" in answer.text  # announced after it
    assert ask(engine, "is ballerina the latest john wick movie").text.startswith("Yes")
    assert ask(engine, "is parabellum the first one").text.startswith("No")


def test_filming_asked_with_a_verb(engine: Engine) -> None:
    answer = ask(engine, "did they shoot parabellum in morocco")
    assert answer.intent == "filming" and answer.text.startswith("Yes")


def test_describing_a_work_asks_for_its_overview(engine: Engine) -> None:
    for question in ("what words describe john wick 4", "summarize parabellum"):
        assert ask(engine, question).intent == "overview", question
    # a topic described is still its lore
    assert ask(engine, "how would you describe the high table").intent == "lore"


def test_the_bot_named_in_the_third_person_is_asked_about_itself(engine: Engine) -> None:
    answer = ask(engine, "so what does this bot do")
    assert answer.answered and answer.intent == Intent.HELP.value
    # small talk that does not name the bot stays small talk
    assert not ask(engine, "so what do people do").answered


def test_hops_through_a_credit_or_a_character_in_more_shapes(engine: Engine) -> None:
    # a media noun between "of" and the work; "the director" is the credit, not the Director
    answer = ask(engine, "where was the director of the movie ballerina born")
    assert answer.answered and "Fremont" in answer.text
    # a date asked of the one who plays a character is no casting question
    answer = ask(engine, "when did the man who plays charon die")
    assert answer.intent == Intent.PERSON_BORN.value and "March 17, 2023" in answer.text
    # the one credited plainly as the character comes first (not "credited only as")
    answer = ask(engine, "how old is the actress who plays eve macarro")
    assert answer.answered and "Ana de Armas" in answer.text
    # with nothing else asked, the credit stays the answer
    answer = ask(engine, "who is the director of the film ballerina")
    assert answer.intent == Intent.DIRECTOR.value and "Len Wiseman" in answer.text


def test_starred_as_a_character_asks_who_plays_them(engine: Engine) -> None:
    answer = ask(engine, "who starred as caine in chapter 4")
    assert answer.intent == Intent.WHO_PLAYS.value and "Donnie Yen" in answer.text
    answer = ask(engine, "which actor appeared as the adjudicator")
    assert answer.intent == Intent.WHO_PLAYS.value and "Asia Kate Dillon" in answer.text


def test_find_only_asks_for_the_works_named_through_a_person(engine: Engine) -> None:
    answer = ask(engine, "find me the films written by derek kolstad")
    assert answer.intent == Intent.WRITER.value and "Chapter 4" in answer.text


def test_a_persons_film_is_one_they_directed(engine: Engine) -> None:
    answer = ask(engine, "is chapter 2 a chad stahelski film")
    assert answer.intent == Intent.DIRECTOR.value and answer.text.startswith("Yes:")
    answer = ask(engine, "is the first john wick a len wiseman movie")
    assert answer.intent == Intent.DIRECTOR.value and answer.text.startswith("No:")


def test_what_a_person_is_famous_for_is_what_they_are_known_for(engine: Engine) -> None:
    answer = ask(engine, "what is laurence fishburne famous for")
    assert answer.intent == Intent.PERSON_WORKS.value and "Bowery King" in answer.text


def test_a_count_of_the_films_names_what_is_still_to_come(engine: Engine) -> None:
    answer = ask(engine, "how many jw movies are yet to come")
    assert answer.answered and "John Wick: Chapter 5" in answer.text
    # "john wick things" are the franchise's, not the 2014 film's
    answer = ask(engine, "how many john wick things are out")
    assert answer.answered and not answer.choices


def test_the_places_a_story_goes_to_are_in_its_premise(engine: Engine) -> None:
    answer = ask(engine, "which city does the first john wick take place in")
    assert answer.intent == Intent.PREMISE.value
    answer = ask(engine, "which cities does chapter 2 go to")
    assert answer.intent == Intent.PREMISE.value and "Rome" in answer.text
    # "what city" asks for a place
    assert engine.relations.read(["what", "city"], set()).asked is Answers.PLACE


def test_what_was_paid_for_a_work_and_how_long_its_shoot_took(engine: Engine) -> None:
    # what a company paid is no fact Wickbot has (not a trivia topic with "pay" in an alias)
    answer = ask(engine, "how much did summit pay for the first john wick")
    assert not answer.answered and "paid" in answer.text
    # the length of a shoot is its filming, not the film's runtime
    answer = ask(engine, "how long did the shoot for ballerina last")
    assert answer.intent == Intent.FILMING.value


def test_who_came_up_with_a_work_is_its_writer(engine: Engine) -> None:
    answer = ask(engine, "who dreamed up the continental")
    assert answer.intent == Intent.WRITER.value
    answer = ask(engine, "who thought up chapter 2")
    assert answer.intent == Intent.WRITER.value and "Derek Kolstad" in answer.text


def test_editions_home_media_dates_and_tie_ins_are_facts_wickbot_lacks(engine: Engine) -> None:
    # not the director, not the cinema release date
    answer = ask(engine, "is there a directors cut of parabellum")
    assert not answer.answered and "Parabellum" in answer.text
    answer = ask(engine, "when did ballerina come out on dvd")
    assert not answer.answered and "Blu-ray or DVD" in answer.text
    # not the film's screenwriter
    answer = ask(engine, "who wrote the john wick comics")
    assert not answer.answered and "tie-ins" in answer.text


def test_an_adverb_says_how_and_points_to_nothing_else(engine: Engine) -> None:
    assert engine.index.is_adverb("mostly") and not engine.index.is_adverb("italy")
    answer = ask(engine, "is ballerina mostly in english")
    assert answer.intent == Intent.LANGUAGE.value and answer.text.startswith("Yes")


def test_awards_asked_by_their_body_or_by_a_win(engine: Engine) -> None:
    # the notes' "Screen Actors Guild Awards" are the SAG awards
    answer = ask(engine, "did chapter 4 get a sag nomination")
    assert answer.text.startswith("Yes:") and "Stunt Ensemble" in answer.text
    # a win asked of a work with nominations only
    answer = ask(engine, "did ballerina win any award")
    assert answer.text.startswith("Not that I know of: no wins")


def test_a_work_named_after_a_noun_of_its_kind_and_called_is_the_work(engine: Engine) -> None:
    # "a film called ballerina" names the film, not a word under discussion
    answer = ask(engine, "is there a movie called ballerina")
    assert answer.answered and "work:ballerina" in [str(e) for e in answer.entities]
    assert answer.intent != Intent.LORE.value
    # a name discussed stays discussed ("why is it called parabellum")
    assert ask(engine, "why is it called parabellum").intent == Intent.LORE.value


def test_a_yes_no_intent_is_no_reading_of_a_which_question(engine: Engine) -> None:
    # "in which film ..." asks for a film, never gets "No: ... is not in the cast of ..."
    answer = ask(engine, "in which john wick movie does the prague continental show up")
    assert not answer.text.startswith(("No:", "Yes:"))
    assert ask(engine, "does sofia appear in parabellum").text.startswith("Yes:")


def test_a_year_and_a_kind_of_work_name_the_one_work_of_both(engine: Engine) -> None:
    answer = ask(engine, "who wrote the 2017 film")
    assert answer.intent == Intent.WRITER.value and "Chapter 2" in answer.text
    # 2023 has a film and a series: the kind says which
    answer = ask(engine, "who is in the 2023 series")
    assert "work:the-continental" in [str(e) for e in answer.entities]
    # a year alone names nothing, nor the year of another title
    assert not ask(engine, "who directed 2017").answered
    assert not ask(engine, "the boogeyman 2023 movie cast").answered


def test_chat_filler_after_a_stranded_last_word_leaves_it_stranded(engine: Engine) -> None:
    answer = ask(engine, "so what is the continental about lol")
    assert answer.intent == Intent.PREMISE.value


def test_a_company_that_made_a_work_is_its_production_company(engine: Engine) -> None:
    # "made"/"produced" with a studio or company asks who made it, and the answer names
    # who released it too; "released"/"distributed" still ask for the distributor
    for question in ("which company produced chapter 2", "which studios made parabellum"):
        answer = ask(engine, question)
        assert answer.intent == Intent.PRODUCTION_COMPANY.value, question
        assert "Thunder Road" in answer.text and "Lionsgate" in answer.text, question
    assert ask(engine, "which studio released ballerina").intent == Intent.DISTRIBUTOR.value
    # ... and the studio making a game is its developer
    answer = ask(engine, "which studio is making the new john wick game")
    assert answer.intent == Intent.PRODUCTION_COMPANY.value and "Saber" in answer.text


def test_the_guy_from_something_asks_what_the_person_is_known_for(engine: Engine) -> None:
    # what follows "from" is where the person is known from: its words ask nothing ("dead"
    # is no death) and do not scope the question away
    answer = ask(engine, "is norman reedus the guy from the walking dead")
    assert answer.intent == Intent.PERSON_WORKS.value
    assert "Daryl" in answer.text
    answer = ask(engine, "who is hiroyuki sanada from shogun")
    assert answer.intent == Intent.PERSON_WORKS.value and "Shimazu" in answer.text
    # ... but a place after "from" asks where the person comes from
    for question in ("is ana de armas from cuba", "is keanu from lebanon", "where is keanu from"):
        assert ask(engine, question).intent == Intent.PERSON_INFO.value, question


def test_a_concession_after_the_question_is_not_asked(engine: Engine) -> None:
    answer = ask(engine, "was lance reddick in ballerina even though he died")
    assert answer.intent == Intent.ACTOR_IN_WORK.value and answer.text.startswith("Yes")
    answer = ask(engine, "did keanu return for chapter 4 despite the ending of chapter 3")
    assert "Chapter 3" not in answer.text
    # "though" at the end concedes nothing
    assert ask(engine, "how long is chapter 4 though").intent == Intent.RUNTIME.value


def _topic(engine: Engine, question: str) -> str | None:
    interp = engine.understander.understand(question)
    topics = interp.slots.get("topic") or []
    return topics[0].id if topics else None


def test_a_named_topic_yields_to_a_sibling_that_explains_more(engine: Engine) -> None:
    # "daisy" names the puppy, but "die" is her death's; "real" is the real building's
    assert _topic(engine, "does daisy die") == "daisys-death"
    assert _topic(engine, "is the continental hotel real or made up") == "continental-building"
    # ... and the named topic stays when nothing else explains more
    assert _topic(engine, "what breed is daisy") == "daisy"
    assert _topic(engine, "what are the continental hotel rules") == "continental-hotel"


def test_which_franchise_film_with_a_superlative_ranks_the_films(engine: Engine) -> None:
    # "which john wick film" is one of the franchise's films, not the 2014 film
    films = [w for w in engine.kb.films() if w.box_office]
    top = max(films, key=lambda w: w.box_office.low if w.box_office else 0)
    answer = ask(engine, "which john wick film grossed the most worldwide")
    assert answer.intent == Intent.BOX_OFFICE.value and top.title in answer.text.split(".")[0]
    # "worst rated" is the reviews, not the certificate
    assert ask(engine, "worst rated john wick movie").intent == Intent.SCORES.value
    # release dates rank too ("most recently")
    released = [
        w for w in engine.kb.films() if w.release.date.exact and w.status.value == "released"
    ]
    latest = max(released, key=lambda w: w.release.date.exact or TODAY.date())
    answer = ask(engine, "which john wick movie came out most recently")
    assert answer.intent == Intent.RELEASE_DATE.value and latest.title in answer.text


def test_a_work_coming_out_is_yes_though_it_is_not_out(engine: Engine) -> None:
    assert ask(engine, "is there a john wick video game coming out").text.startswith("Yes")
    assert ask(engine, "is chapter 5 out").text.startswith("No")


def test_the_next_franchise_works_in_the_plural_are_what_is_coming(engine: Engine) -> None:
    assert ask(engine, "what are the next john wick projects").intent == Intent.UPCOMING.value
    answer = ask(engine, "when is the next john wick film")
    assert answer.intent == Intent.RELEASE_DATE.value and "Chapter 5" in answer.text


def test_a_thing_set_aside_does_not_scope_the_question_away(engine: Engine) -> None:
    answer = ask(engine, "apart from ana de armas who is in the ballerina cast")
    assert answer.intent == Intent.CAST.value and "Ana de Armas" not in answer.text
    # ... but "what else ... besides john wick" is outside the franchise: his entry's known-for
    beyond = ask(engine, "what else has ian mcshane been in besides john wick")
    assert beyond.text.startswith("Outside the John Wick franchise, Ian McShane is known for")


def test_a_character_named_by_description_yields_to_a_better_fit(engine: Engine) -> None:
    # "the manager of the continental" is Winston, "... in osaka" the Osaka manager
    shimazu = engine.ask("who is the manager of the continental in osaka", now=TODAY)
    assert shimazu.answered and "Shimazu" in shimazu.text
    assert "Winston" in ask(engine, "who is the manager of the continental").text


def test_define_and_a_word_under_discussion(engine: Engine) -> None:
    answer = ask(engine, "define the ruska roma")
    assert answer.intent == Intent.LORE.value and "Ruska Roma" in answer.text
    # "the word parabellum" is the word, not the film; "in the title of" scopes nothing away
    answer = ask(engine, "what does the word parabellum mean in the title of john wick 3")
    assert answer.intent == Intent.LORE.value and "bellum" in answer.text


def test_winning_an_award_is_the_work_s_awards(engine: Engine) -> None:
    # "win" with an award, or "win anything", asks for the work's own awards, not the
    # franchise-wide awards trivia
    for question in ("did john wick chapter 4 win any oscars", "did ballerina win anything"):
        answer = ask(engine, question)
        assert answer.intent == Intent.AWARDS.value, question
    assert "Saturn" in ask(engine, "did ballerina win anything").text


def test_shot_is_the_filming_when_a_place_is_asked(engine: Engine) -> None:
    answer = ask(engine, "in what city was the continental miniseries shot")
    assert answer.intent == Intent.FILMING.value and "Budapest" in answer.text
    assert ask(engine, "who shot chapter 4").intent == Intent.CINEMATOGRAPHER.value


def test_a_delay_is_the_release_date_with_its_history(engine: Engine) -> None:
    answer = ask(engine, "what was the reason ballerina got pushed back a year")
    assert answer.intent == Intent.RELEASE_DATE.value and "reshoots" in answer.text


def test_of_topics_described_as_well_the_one_about_the_person_named(engine: Engine) -> None:
    answer = ask(engine, "what breed are sofia's two dogs")
    assert answer.intent == Intent.LORE.value and "Malinois" in answer.text
    assert not ask(engine, "what car does winston drive").answered


def test_explaining_a_character_is_their_description(engine: Engine) -> None:
    # "explain who X is" asks what the character is, not only who plays them
    answer = ask(engine, "explain who the elder is")
    assert answer.intent == Intent.CHARACTER_INFO.value and "High Table" in answer.text
    answer = ask(engine, "explain the character called the director")
    assert answer.intent == Intent.CHARACTER_INFO.value and "Ruska Roma" in answer.text


def test_a_named_topic_s_own_words_after_on_scope_nothing_away(engine: Engine) -> None:
    answer = ask(engine, "what does loving husband on the tombstone mean")
    assert answer.answered and answer.intent == Intent.LORE.value
    assert not ask(engine, "what does loving husband mean on the simpsons").answered


def test_who_did_a_deed_is_not_the_description_of_whom_it_was_done_to(engine: Engine) -> None:
    # the description of Eve's father does not say who killed him: no answer, not his bio
    assert not ask(engine, "who killed eve's father").answered
    assert not ask(engine, "who gave john wick his dog").answered
    # ... but a description that tells the deed answers it
    answer = ask(engine, "who trained eve")
    assert answer.answered and "Ruska Roma" in answer.text


def test_a_year_written_after_a_title_that_is_not_its_own_is_another_work(engine: Engine) -> None:
    assert not ask(engine, "is ballerina 2023 on netflix a korean movie").answered
    assert ask(engine, "is ballerina 2025 on netflix").answered
    # a year the work was once set for is still that work
    assert ask(engine, "was ballerina 2024 delayed").intent == Intent.RELEASE_DATE.value
    assert _topic(engine, "who killed johns puppy") == "daisys-death"


def test_the_next_one_is_the_next_film_or_the_one_after_the_work_discussed(engine: Engine) -> None:
    assert "Chapter 5" in ask(engine, "who is directing the next one").text
    conversation = Conversation()
    engine.ask("when did chapter 2 come out", now=TODAY, conversation=conversation)
    answer = engine.ask("and the next one?", now=TODAY, conversation=conversation)
    assert "Chapter 3" in answer.text
    # "the next one after parabellum" is relative, never Chapter 5
    assert "Chapter 5" not in ask(engine, "what's the next one after parabellum").text


def test_a_superlative_of_another_measure_is_no_ranking_of_this_one(engine: Engine) -> None:
    # "the best" is no runtime: no answer rather than the longest film
    answer = ask(engine, "is ballerina the best john wick movie")
    assert "longest" not in answer.text
    assert ask(engine, "which john wick movie is the longest").intent == Intent.RUNTIME.value


def test_the_kind_of_work_before_its_name_is_part_of_the_name(engine: Engine) -> None:
    # "movie" (read as "film") names what the work is, not its filming
    answer = ask(engine, "tell me about the movie parabellum")
    assert answer.answered and answer.intent in (Intent.OVERVIEW.value, Intent.PREMISE.value)
    answer = ask(engine, "release year of the movie john wick chapter 4")
    assert answer.intent == Intent.RELEASE_DATE.value
    # ... while "film" as a verb is still the filming
    answer = ask(engine, "did they film jw4 in paris")
    assert answer.intent == Intent.FILMING.value and answer.text.startswith("Yes")


def test_two_relations_joined_by_and_are_both_answered(engine: Engine) -> None:
    answer = ask(engine, "who directed and wrote ballerina")
    assert "Len Wiseman" in answer.text and "Shay Hatten" in answer.text
    answer = ask(engine, "what is the genre and release year of john wick 4")
    assert answer.answered and "March 24, 2023" in answer.text and "action" in answer.text
    # one relation of two works is still one relation
    answer = ask(engine, "who directed chapter 2 and chapter 3")
    assert answer.intent == Intent.DIRECTOR.value and "written" not in answer.text
    # a relation with no data beside one with data: the one it has
    answer = ask(engine, "what is the budget and box office of chapter 4")
    assert "budget" in answer.text and "grossed" in answer.text


def test_a_duty_asks_who_did_it(engine: Engine) -> None:
    answer = ask(engine, "Who was in charge of direction of John Wick: Chapter 4?")
    assert answer.intent == Intent.DIRECTOR.value and "Stahelski" in answer.text
    answer = ask(engine, "who was in charge of writing parabellum")
    assert answer.intent == Intent.WRITER.value and "Kolstad" in answer.text


def test_the_lead_role_is_the_cast(engine: Engine) -> None:
    for question in ("who has the lead role in ballerina", "in ballerina who plays the title role"):
        answer = ask(engine, question)
        assert answer.intent == Intent.CAST.value, question
        assert answer.text.startswith("The cast of Ballerina (2025): Ana de Armas"), question


def test_a_trailer_release_date_is_the_trailers(engine: Engine) -> None:
    answer = ask(engine, "jw4 teaser drop date")
    assert answer.intent == Intent.TRAILER.value and "July 22, 2022" in answer.text
    assert ask(engine, "when did ballerina come out").intent == Intent.RELEASE_DATE.value


def test_more_words_for_relations(engine: Engine) -> None:
    answer = ask(engine, "what are the details of the caine spin-off")
    assert answer.intent == Intent.OVERVIEW.value and "Donnie Yen" in answer.text
    assert ask(engine, "parabellum sub-genres").intent == Intent.GENRE.value
    answer = ask(engine, "where does ballerina happen between the chapters")
    assert answer.intent == Intent.TIMELINE.value and "Parabellum" in answer.text


def test_a_first_name_before_a_character_is_another_person(engine: Engine) -> None:
    assert not ask(engine, "who is michael caine").answered
    assert ask(engine, "who plays caine").answered
    # a character's own name after the actor's is no other person
    assert ask(engine, "who plays michael nyqvist viggo").answered


def test_watching_one_without_the_others_is_the_watch_order(engine: Engine) -> None:
    answer = ask(engine, "can i watch chapter 4 without seeing the others")
    assert answer.intent == Intent.WATCH_ORDER.value and "Chapter 3" in answer.text


def test_taking_a_part_is_playing_it(engine: Engine) -> None:
    answer = ask(engine, "what actor took the part of cormac o'connor")
    assert answer.intent == Intent.WHO_PLAYS.value and "Mel Gibson" in answer.text
    answer = ask(engine, "which films did evan schiff cut as editor")
    assert answer.intent == Intent.EDITOR.value and "Chapter 2" in answer.text


def test_whether_filming_has_started_is_the_status(engine: Engine) -> None:
    answer = ask(engine, "has filming started on jw5")
    assert answer.intent == Intent.STATUS.value and answer.text.startswith("No")
    assert ask(engine, "when did chapter 4 start filming").intent == Intent.FILMING.value


def test_a_persons_occupation_is_what_they_are_known_for(engine: Engine) -> None:
    for question in (
        "what is rina sawayama's occupation",
        "what does rina sawayama do for a living",
    ):
        answer = ask(engine, question)
        assert answer.intent == Intent.PERSON_WORKS.value and "Akira" in answer.text, question


def test_a_second_name_of_the_work_after_a_is_what_it_is_claimed_to_be(engine: Engine) -> None:
    answer = ask(engine, "is the continental a prequel series")
    assert answer.intent == Intent.TIMELINE.value and "1970s" in answer.text


@pytest.mark.parametrize(
    ("question", "character"),
    [
        ("who played the little ballerina girl in jw3", "eve-macarro"),
        ("who was the old blind guy in jw4", "caine"),
        ("who plays the sushi chef dude in parabellum", "zero"),
    ],
)
def test_a_person_noun_after_a_description_is_its_head(
    engine: Engine, question: str, character: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and f"character:{character}" in answer.entities, answer.text


def test_a_person_noun_after_a_character_named_by_name_stays_foreign(engine: Engine) -> None:
    # only a description has a head noun; "winston girl" is someone else
    assert not engine.ask("who is winston girl", now=TODAY).answered


@pytest.mark.parametrize(
    ("question", "work"),
    [
        ("what was the first spin-off", "the-continental"),
        ("what was the first john wick spin-off film", "ballerina"),
        ("who directed the first spin-off series", "the-continental"),
        ("when did the latest spin-off come out", "ballerina"),
        ("which was the first spin-off", "the-continental"),
    ],
)
def test_a_place_among_the_spin_offs_names_that_spin_off(
    engine: Engine, question: str, work: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and f"work:{work}" in answer.entities, answer.text


def test_a_yes_no_question_claims_a_spin_offs_place_instead(engine: Engine) -> None:
    answer = engine.ask("is ballerina the first spin-off", now=TODAY)
    assert answer.text.startswith("No: the first was The Continental (2023)")


def test_which_was_a_work_described_is_that_work(engine: Engine) -> None:
    answer = engine.ask("which was the first john wick film", now=TODAY)
    assert answer.answered and answer.intent == "overview"
    assert answer.entities == ("work:john-wick",)


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # the kind of value after "what" yields to the relation that answers with it
        ("what countries was john wick 2 filmed in", Intent.FILMING),
        ("what city was chapter 4 filmed in", Intent.FILMING),
        # ... and stays when it is the only relation named
        ("which country is chapter 4 from", Intent.COUNTRY),
    ],
)
def test_a_kind_of_value_named_after_what_is_what_is_asked(
    engine: Engine, question: str, intent: Intent
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and answer.intent == intent.value, answer.text


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is dan laustsen danish", "Danish"),
        ("is bill skarsgard swedish", "Swedish"),
        ("is ian mcshane american", "English"),
    ],
)
def test_a_nationality_claimed_of_a_person_asks_their_nationality(
    engine: Engine, question: str, expected: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and answer.intent == "person_info", answer.text
    assert expected in answer.text


def test_a_nationality_claimed_of_a_film_asks_its_country(engine: Engine) -> None:
    answer = engine.ask("is chapter 4 german", now=TODAY)
    assert answer.intent == "country" and answer.text.startswith("Yes")


def test_a_film_called_by_a_characters_name_is_another_film(engine: Engine) -> None:
    assert not engine.ask("who plays caine in the film caine", now=TODAY).answered
    assert engine.ask("who plays caine in chapter 4", now=TODAY).answered
    # the name followed by a clause is the character in our films
    answer = engine.ask("name the films winston appears in", now=TODAY)
    assert answer.answered and "work:chapter-4" in answer.entities


@pytest.mark.parametrize(
    ("question", "character"),
    [("is ares mute", "ares"), ("is caine blind", "caine"), ("was zero a sushi chef", "zero")],
)
def test_a_word_a_characters_description_holds_is_no_foreign_word(
    engine: Engine, question: str, character: str
) -> None:
    answer = engine.ask(question, now=TODAY)
    assert answer.answered and f"character:{character}" in answer.entities, answer.text


def test_a_word_no_description_holds_still_points_elsewhere(engine: Engine) -> None:
    assert not engine.ask("is winston churchill", now=TODAY).answered


def test_a_credit_noun_of_something_unnamed_is_that_things_credit(engine: Engine) -> None:
    # the Director is a character, but "the director of" another title is its credit
    assert not ask(engine, "who was the director of big time").answered
    assert ask(engine, "who is the director of chapter 4").intent == Intent.DIRECTOR.value


def test_a_word_graded_by_most_describes_no_topic(engine: Engine) -> None:
    # "famous" is a word of the famous-quotes topic's title, but here it grades a ballerina
    assert not ask(engine, "who is the most famous ballerina in the world").answered
    assert "Yeah" in ask(engine, "most famous line from john wick").text


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        ("how many marvel movies are there", False),
        ("how many ip man movies are there", False),  # a two-word name, its last word plain
        ("highest grossing movies of all time", False),
        ("how many john wick movies are there", True),
        ("highest grossing john wick film", True),  # words before our name rank ours
        ("what is the earliest released film in the john wick franchise", True),
    ],
)
def test_another_franchises_name_before_movies_scopes_the_question_away(
    engine: Engine, question: str, answered: bool
) -> None:
    assert ask(engine, question).answered is answered


@pytest.mark.parametrize(
    "question",
    ["which character is played by ian mcshane", "find all characters played by ian mcshane"],
)
def test_the_characters_a_person_plays_asked_in_the_passive(engine: Engine, question: str) -> None:
    answer = ask(engine, question)
    assert answer.intent == Intent.ACTOR_ROLE.value and "Winston Scott" in answer.text
    # ... while "who played the character winston" still asks who plays him
    assert ask(engine, "who played the character winston").intent == Intent.WHO_PLAYS.value


def test_a_credit_needs_a_word_that_names_it(engine: Engine) -> None:
    # "what film did john wick first appear in" shares only "what film did" with "what films
    # did {person} edit": no word names the editing, so it is no credit question
    answer = ask(engine, "what film did john wick first appear in")
    assert answer.intent != Intent.EDITOR.value or not answer.answered
    assert "edited" not in answer.text
    # a relation word, a cue or the question word names it
    assert ask(engine, "who did the editing on chapter 4").intent == Intent.EDITOR.value
    assert ask(engine, "who cut chapter 4").intent == Intent.EDITOR.value
    assert ask(engine, "chapter 4 editor").intent == Intent.EDITOR.value


def test_a_preposition_is_no_word_against_a_topic(engine: Engine) -> None:
    # "through" and "around" say where, like "in" and "over": they don't make a topic question
    # look like something else
    answer = ask(engine, "what car does john drive through the arc de triomphe")
    assert answer.intent == Intent.LORE.value and "'Cuda" in answer.text
    # ... and a question about something else is still declined
    assert not ask(engine, "how to walk through walls").answered


def test_a_name_after_call_and_whom_it_calls_is_discussed(engine: Engine) -> None:
    # "call john wick baba yaga": the second name is the word asked about, as after "call him"
    for question in ("why do they call john wick baba yaga", "why do they call him baba yaga"):
        answer = ask(engine, question)
        assert answer.intent == Intent.LORE.value and "Boogeyman" in answer.text, question
    # whom a character calls on the phone is no name under discussion
    assert ask(engine, "why did winston call charon in chapter 3").intent != Intent.LORE.value


def test_who_plays_a_character_every_word_describes(engine: Engine) -> None:
    # no work named, no name of ours: the description must be all one character's
    answer = ask(engine, "who played the sushi chef guy")
    assert answer.intent == Intent.WHO_PLAYS.value and "Mark Dacascos" in answer.text
    # not asked who plays: "the best sushi chef in the world" is anyone's
    assert not ask(engine, "who is the best sushi chef in the world").answered


def test_the_medium_in_a_works_name_is_read_with_a_relation(engine: Engine) -> None:
    # "making + game": the game named is a game, so its maker is its developer
    answer = ask(engine, "who is making the john wick video game")
    assert answer.intent == Intent.PRODUCTION_COMPANY.value and "Saber" in answer.text
    assert "is being made by" in answer.text  # it is not out yet
    # a film's name has no "game" in it: "who is making chapter 5" is no production company
    assert ask(engine, "who is making chapter 5").intent != Intent.PRODUCTION_COMPANY.value
    # a released work was made
    answer = ask(engine, "which studio made john wick 2")
    assert answer.intent == Intent.PRODUCTION_COMPANY.value and "was made by" in answer.text


def test_the_bad_guy_is_the_villain(engine: Engine) -> None:
    answer = ask(engine, "who is the bad guy in ballerina")
    assert answer.intent == Intent.CHARACTER_INFO.value and "Chancellor" in answer.text
    assert "Bill Skarsgård" in ask(engine, "the bad guy in chapter 4, who played him").text


def test_a_time_of_day_is_an_everyday_word(engine: Engine) -> None:
    # "tonight" right after a name does not extend it ("the continental divide" would)
    answer = ask(engine, "i want to stream the continental tonight, where is it")
    assert answer.answered and answer.intent == Intent.WHERE_TO_WATCH.value
    assert "Peacock" in answer.text
    assert not ask(engine, "what's on tv tonight").answered


def test_a_yes_no_release_on_a_service_asks_where_it_streams(engine: Engine) -> None:
    answer = ask(engine, "did the continental come out on netflix")
    assert answer.intent == Intent.WHERE_TO_WATCH.value and "Peacock" in answer.text
    # asked when, the release on the service is a date the release answer gives
    answer = ask(engine, "when did the continental show premiere on peacock")
    assert answer.intent == Intent.RELEASE_DATE.value and "September 22, 2023" in answer.text


def test_a_single_film_or_movie_does_not_tie_a_question_to_the_franchise(
    engine: Engine,
) -> None:
    # "what movie should i watch" is a recommendation, not the watch order
    for question in ("what movie should i watch", "what film should i watch next"):
        answer = ask(engine, question)
        assert not answer.answered, question
    # the films, in the plural, are the franchise's
    assert ask(engine, "what order should i watch the movies in").answered


def test_a_reading_of_less_of_what_is_named_is_no_rival(engine: Engine) -> None:
    # "john wick" read as the film fills the work slot too; read as the franchise, it
    # drops out: the same question of less, not a different one
    answer = ask(engine, "who was keanu's stunt double in john wick")
    assert answer.answered and answer.intent == Intent.STUNTS.value
    assert "Keanu" in answer.text
    # readings of different things named are still asked back
    assert {c.ref for c in ask(engine, "john wick").choices} == {
        "work:john-wick",
        "character:john-wick",
    }


def test_a_work_joined_by_and_to_works_is_one_of_them(engine: Engine) -> None:
    # "ballerina" after "chapter 4 and" is the film, not the ballerina of Parabellum
    answer = ask(engine, "who wrote chapter 3, chapter 4 and ballerina")
    assert answer.intent == Intent.WRITER.value
    assert all(t in answer.text for t in ("Parabellum", "Chapter 4", "Ballerina (2025)"))
    # one work's name describing a character of the other is still the character
    assert "Unity Phelan" in ask(engine, "who played the ballerina in parabellum").text


def test_everyday_words_of_pronouns_and_liking_are_no_foreign_words(engine: Engine) -> None:
    answer = ask(engine, "So is the premise of john wick 2 that everyone is a hitman")
    assert answer.answered and answer.intent == Intent.PREMISE.value
    assert not ask(engine, "does everyone enjoy pizza").answered


def test_a_described_characters_kin_is_the_one_their_description_owns(engine: Engine) -> None:
    # "the villain's son": the villain of the work named, then the son his description has
    answer = ask(engine, "who played the villain's son in john wick")
    assert answer.intent == Intent.WHO_PLAYS.value and "Alfie Allen" in answer.text
    assert "Claudia Gerini" in ask(engine, "who played the villain's sister in chapter 2").text
    # the villain alone is still the villain
    assert "Michael Nyqvist" in ask(engine, "who played the villain in john wick").text


def test_a_work_or_character_name_after_in_is_where_someone_is_played(engine: Engine) -> None:
    # "the cop in john wick" is someone in the film, not John Wick himself
    for question in ("who plays the cop in john wick", "who played the bartender in john wick"):
        answer = ask(engine, question)
        assert not answer.answered and "Keanu" not in answer.text, question
    # named first, the character is the one played
    assert "Keanu Reeves" in ask(engine, "who plays john wick in ballerina").text


def test_a_work_named_by_its_place_is_asked_about(engine: Engine) -> None:
    # "the movie set in paris" names Chapter 4, of which its runtime is asked
    answer = ask(engine, "how long is the movie set in paris")
    assert answer.intent == Intent.RUNTIME.value and "169 minutes" in answer.text
    # asked where, the place is still the question
    answer = ask(engine, "where is the movie set in paris filmed")
    assert answer.intent == Intent.FILMING.value


def test_a_person_named_asks_of_them_not_of_the_franchise(engine: Engine) -> None:
    # "how many films has keanu made" is about Keanu's films, not the franchise's count
    answer = ask(engine, "how many films has keanu made")
    assert answer.intent != Intent.COUNT_WORKS.value and "Keanu" in answer.text
    # the franchise's count, when no one is named
    assert ask(engine, "how many films are there").intent == Intent.COUNT_WORKS.value


def test_a_topic_about_someone_is_not_about_another_character_named(engine: Engine) -> None:
    # "John's fate" mentions Winston at the grave, but "is winston dead" is not about John
    answer = ask(engine, "is winston dead")
    assert "John's fate" not in answer.text
    # asked of its subject, the topic answers; and of someone whose own description has
    # the words it was found by ("iosef ... steal John's car")
    assert "John's fate" in ask(engine, "is john dead at the end of chapter 4").text
    assert "Mustang" in ask(engine, "which car did iosef steal").text


def test_a_local_search_is_no_question_about_the_films(engine: Engine) -> None:
    # "near me", "nearest": the asker's surroundings, which no fact of ours describes
    for question in ("ballet school near me", "where is the nearest continental hotel"):
        assert not ask(engine, question).answered, question
    assert ask(engine, "where is the continental hotel").answered


def test_a_debut_is_a_works_release_and_a_careers_start_is_lacking(engine: Engine) -> None:
    answer = ask(engine, "when did ballerina debut")
    assert answer.intent == Intent.RELEASE_DATE.value and "June 6, 2025" in answer.text
    # a person's first film is not in the notes: said so, never their birth
    answer = ask(engine, "when was keanu's film debut")
    assert not answer.answered and "how the career of Keanu Reeves began" in answer.text


def test_what_came_out_after_a_work_is_the_next_one_out(engine: Engine) -> None:
    answer = ask(engine, "what came out after chapter 2")
    assert answer.intent == Intent.RELEASE_DATE.value and "Parabellum (May 17, 2019)" in answer.text
    assert "Chapter 4 (March 24, 2023)" in ask(engine, "what film came out before ballerina").text
    assert "Nothing came out before John Wick" in ask(engine, "what came out before john wick").text
    # asked when, it is the work's own date
    assert ask(engine, "when did chapter 2 come out").text.startswith(
        "John Wick: Chapter 2 came out"
    )
