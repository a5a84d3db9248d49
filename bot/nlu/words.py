"""Word lists the matcher needs: function words, chat filler, pronouns, everyday words.

A word outside these lists, the knowledge base and the phrasings is "foreign": a hint that
the question is about something Wickbot doesn't know (another film, a real person).
"""

from __future__ import annotations

import re

#: Words that carry no meaning for matching names.
STOPWORDS = frozenset(
    """
    a an the and or but if of in on at to for from by with about as into onto over under
    is are was were be been being am do does did doing done have has had having will would
    shall should can could may might must
    i me my mine we us our you your yours he him his she her hers it its they them their
    this that these those there here then than so too very just only also still even yet
    what which who whom whose when where why how
    not no yes yeah yep nope ok okay oh ah um uh hmm
    all any some each every both either neither such own same other another more most
    up down out off again further once now ever
    through around along toward towards throughout upon beneath underneath
    please thanks thank hi hello hey yo sup
    """.split()
)

#: Chat filler that may surround a real question.
FILLER = frozenset(
    """
    lol lmao lmfao rofl haha hahaha hehe xd xD omg omfg wtf bro bruh dude man guys guy fam
    pal mate buddy friend folks yall y all ya ye k kk pls please plz bot wickbot
    quick question q anyone anybody someone somebody know knows knew tell me remind
    actually really seriously exactly basically literally like kinda sorta just wondering
    wonder curious asking ask question answer again
    real quick honestly
    btw tbh imo imho iirc afaik rn tho though thx ty tia idk ngl smh fr jk asap
    """.split()
)

#: Words a message may open with before its question ("hey", "so like", "quick question:").
_OPENERS = frozenset(
    FILLER
    | {"hey", "hi", "hello", "yo", "sup", "ok", "okay", "so", "um", "uh"}
    | {"hmm", "well", "oh", "ah", "random", "dumb"}
)
#: Who a frame asks ("does anyone know", "can you tell me").
_ASKED = frozenset("anyone anybody someone somebody you u ya guys yall y all any one".split())
#: Verbs of a frame ("do you know", "can you tell me", "does anybody remember").
_FRAME_VERBS = frozenset("know tell remember recall confirm".split())
#: Auxiliaries that open a frame ("does anyone know", "could you tell me").
_FRAME_AUX = frozenset("do does did can could would will".split())
#: At most this many words of preamble before "but <question>".
_PREAMBLE = 6
#: Words a question may start with after such a preamble.
_QUESTION_OPENERS = frozenset(
    """who whos what whats when where which why how is was did does do are were can will
    has have""".split()
)
#: "i was wondering", "i want to know": what follows is the question.
_SELF_FRAMES = (
    ("i", "was", "wondering"),
    ("i", "am", "wondering"),
    ("i", "wonder"),
    ("i", "want", "to", "know"),
    ("i", "wanna", "know"),
    ("i", "need", "to", "know"),
    ("i", "would", "like", "to", "know"),
    # movie-search requests: "i am looking for films with keanu reeves"
    ("i", "am", "looking", "for"),
    ("i", "was", "looking", "for"),
    ("looking", "for"),
    ("find", "me"),
    ("give", "me"),
)


def question_start(words: list[str] | tuple[str, ...]) -> tuple[int, bool]:
    """Where the question proper starts, after an opening ("hey", "does anyone know",
    "i was wondering"), and whether the opening makes it a yes/no question ("... if")."""
    i = 0
    n = len(words)
    while True:
        while i < n and words[i] in _OPENERS:
            i += 1
        frame = _frame_at(_SELF_BY_FIRST, words, i)
        if frame is not None:
            i += len(frame)
            continue
        if i + 2 < n and words[i] in _FRAME_AUX and words[i + 1] in _ASKED:
            j = i + 2
            while j < n and words[j] in _ASKED:
                j += 1
            if j < n and words[j] in _FRAME_VERBS:
                i = j + 1
                while i < n and words[i] in ("me", "us"):
                    i += 1
                continue
        # "sorry if this is dumb but who plays winston": a short preamble before "but" and
        # a question word
        but = next((k for k in range(i, min(n - 1, i + _PREAMBLE)) if words[k] == "but"), None)
        if but is not None and words[but + 1] in _QUESTION_OPENERS:
            i = but + 1
            continue
        break
    if i < n and words[i] in ("if", "whether"):
        return i + 1, True
    # "is it true that keanu is not in the continental": what follows is asked yes or no
    truth = _frame_at(_TRUTH_BY_FIRST, words, i)
    if truth is not None and i + len(truth) < n:
        return i + len(truth), True
    # "i read that chapter 4 made over 400 million": a statement reported is asked about
    told = _frame_at(_REPORTING_BY_FIRST, words, i)
    if told is not None:
        at = i + len(told) + (i + len(told) < n and words[i + len(told)] == "that")
        if n - at >= _MIN_STATEMENT and words[at] not in _QUESTION_OPENERS:
            return at, True
    return (i if i < n else 0), False


#: Openings that report a statement ("i read that ...", "my friend says ...").
_REPORTING_FRAMES = (
    ("i", "read"),
    ("i", "heard"),
    ("i", "saw"),
    ("i", "think"),
    ("i", "thought"),
    ("someone", "said"),
    ("someone", "told", "me"),
    ("somebody", "told", "me"),
    ("my", "friend", "says"),
    ("my", "friend", "said"),
    ("apparently",),
    ("supposedly",),
)
#: Fewest words of a statement asked about by a reporting frame or a tag.
_MIN_STATEMENT = 3
#: One-word tags after a statement ("ballerina was directed by len wiseman, right").
_TAG_WORDS = frozenset({"right", "correct", "true", "yes", "yeah", "innit"})
#: Auxiliaries and pronouns of a tag question ("..., is he", "..., isn't it", "didn't he").
_TAG_AUX = frozenset("is was are were did does do has have had will can could would".split())
_TAG_PRONOUNS = frozenset("he she it they there i you we".split())


def without_tag(words: list[str]) -> tuple[list[str], bool]:
    """A statement without the tag that asks whether it is so, and whether there was one:
    "gabriel byrne played the villain in ballerina, right", "keanu's not in the
    continental, is he", "chapter 4 is rated r isn't it", "... or not"."""
    n = len(words)
    if n == 0 or words[0] in _QUESTION_OPENERS:
        return words, False
    cut = n
    if words[-1] in _TAG_WORDS:
        cut = n - 1
        if n >= 3 and words[-3:-1] == ["am", "i"]:
            cut = n - 3
    elif words[-2:] == ["or", "not"]:
        cut = n - 2
    elif n >= 2 and words[-1] in _TAG_PRONOUNS:
        aux = n - 2 - (words[-2] == "not")
        if aux >= 0 and words[aux] in _TAG_AUX:
            cut = aux
    if cut == n or cut < _MIN_STATEMENT:
        return words, False
    return words[:cut], True


#: A year as questions write it ("2014", "1999"): not a count, a sequel number or a runtime.
YEAR = re.compile(r"^(19[5-9]\d|20\d\d)$")
#: Openings that ask whether what follows is so.
_TRUTH_FRAMES = (
    ("is", "it", "true", "that"),
    ("is", "it", "true"),
    ("is", "it", "correct", "that"),
    ("is", "it", "right", "that"),
)


Frames = dict[str, tuple[tuple[str, ...], ...]]


def _by_first(frames: tuple[tuple[str, ...], ...]) -> Frames:
    """``frames`` by their first word, each word's in their order (the first match wins)."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for frame in frames:
        out.setdefault(frame[0], []).append(frame)
    return {word: tuple(group) for word, group in out.items()}


def _frame_at(frames: Frames, words: list[str] | tuple[str, ...], i: int) -> tuple[str, ...] | None:
    """The first of ``frames`` (by first word) that ``words`` spell from ``i``, if any."""
    if i >= len(words):
        return None
    for frame in frames.get(words[i], ()):
        if tuple(words[i : i + len(frame)]) == frame:
            return frame
    return None


_SELF_BY_FIRST = _by_first(_SELF_FRAMES)
_TRUTH_BY_FIRST = _by_first(_TRUTH_FRAMES)
_REPORTING_BY_FIRST = _by_first(_REPORTING_FRAMES)


#: Pronouns that point back at something from the conversation, by the kinds they may fill.
PRONOUNS: dict[str, tuple[str, ...]] = {
    "it": ("work", "topic"),
    "its": ("work",),
    "this": ("work", "topic"),
    "that": ("work", "topic"),
    "he": ("person", "character"),
    "him": ("person", "character"),
    "his": ("person", "character"),
    "she": ("person", "character"),
    "her": ("person", "character"),
    "hers": ("person", "character"),
    "they": ("person", "character", "work"),
    "them": ("person", "character", "work"),
}
#: Words after "john wick" that make it the franchise's name, not a film or the man.
FRANCHISE_FOLLOWERS = frozenset(
    """films film series franchise universe saga world projects project stuff fans shows
    viewing watch timeline appearances appearance roles movies chronology chapter chapters
    spinoff spinoffs spin sequel sequels prequel prequels tv installments entries games content
    characters cast order lore things titles""".split()
)

#: Everyday words that may appear in any question without making it foreign.
COMMON = frozenset(
    """
    dollars dollar usd bucks euros
    film films show shows series tv episode episodes season seasons scene scenes character
    characters actor actors actress role roles part parts story movie movies cinema cinemas theater
    theaters theatre theatres watch watched watching see seen saw look looking looked
    go going went gone get getting got come comes coming came make makes made making
    say says said think thinks thought want wants wanted need needs needed know
    like likes liked love loves loved hate good bad best worst great better big little
    enjoy enjoys enjoyed enjoying
    new old first last next previous before after during while since until till
    day days week weeks month months year years time times today tomorrow yesterday
    tonight night nights morning evening afternoon weekend weekends
    long short many much few lot lots number numbers total whole
    one two three four five six seven eight nine ten
    people person man men woman women guy girl boy kid kids child children family
    everyone everybody nobody
    name names named call called thing things stuff way ways kind type sort
    happen happens happened happening start started end ended ending
    give gave take took put find found keep kept let help use used
    right wrong true false sure real fake
    play plays played playing star stars starring starred
    favorite favourite fan fans franchise universe world main lead leading
    common
    released release releases releasing premiere premiered out
    set takes place
    rated rating age
    who's what's
    english american us uk usa
    can't cant won't wont don't dont
    which whose
    still already soon late early
    watch order should would could
    maybe probably
    know knowing
    between among around across through
    without within against upon via per despite toward towards unlike except unless
    although though whether whilst beyond behind inside outside alongside throughout amongst
    minutes hours minute hour
    january february march april may june july august september october november december
    """.split()
)

#: Words that say what kind of film something is ("the animated ballerina", "the korean
#: one"): before a work's name, one that does not describe it means another film.
DESCRIPTORS = frozenset(
    """animated cartoon anime documentary musical korean french japanese indian bollywood
    chinese spanish italian german russian silent stage""".split()
)


#: "<question> and <question>": "and" before a word that starts a question of its own.
_SECOND_QUESTION = re.compile(
    r"\s*,?\s*\b(?:and|&)\s+(?=(?:how|what|whats|who|whos|when|where|which|why|is|was|are|"
    r"were|does|did|do|has|have|can|could|will)\b)",
    re.IGNORECASE,
)
#: A part shorter than this many words is no question of its own.
_MIN_CLAUSE_WORDS = 2


def clauses(text: str) -> list[str]:
    """The questions a message joins with "and" ("who directed parabellum and how long is
    it"), or the whole message when it asks one."""
    parts = [p.strip(" ,") for p in _SECOND_QUESTION.split(text)]
    if len(parts) < 2 or any(len(p.split()) < _MIN_CLAUSE_WORDS for p in parts):
        return [text]
    return parts


#: Words that open a question after a statement ("bill skarsgard was creepy in jw4 who was he
#: playing").
_LATE_OPENERS = frozenset({"who", "whos", "what", "whats", "which", "when", "where", "how"})
#: Pronouns by which a late question speaks of what the statement named, and the kinds of
#: thing each may mean.
BACK_REFERENCES = {
    w: frozenset(PRONOUNS[w]) for w in ("he", "him", "his", "she", "her", "it", "its")
}
#: Words that open a question, not a statement.
_ASKING = _LATE_OPENERS | frozenset(
    "why is was did does do are were has have will can could would should".split()
)


def statement_and_question(words: list[str]) -> tuple[list[str], list[str], str] | None:
    """A statement, then a question that speaks of what it named by a pronoun ("john wick 3
    is my favourite, who is in it"): the two parts, split at the last question word whose
    part has such a pronoun, and the pronoun; None when the message does not read so."""
    if len(words) < 4 or words[0] in _ASKING:
        return None
    for k in range(len(words) - 2, 1, -1):
        if words[k] in _LATE_OPENERS:
            pronouns = [w for w in words[k + 1 :] if w in BACK_REFERENCES]
            if pronouns:
                return words[:k], words[k:], pronouns[0]
    return None


#: Phrases that put a relation as a duty ("who was in charge of the direction of chapter 4"):
#: they ask who did it, the relation is in the words after them.
_DUTIES = (("in", "charge", "of"), ("responsible", "for"))


def without_duties(words: list[str]) -> list[str]:
    """``words`` without "in charge of" / "responsible for" after "who <be>": "who was in
    charge of writing parabellum" asks who wrote it ("was in" is not "who was in" it)."""
    for i in range(2, len(words)):
        if words[i - 2] not in ("who", "whos") or words[i - 1] not in _BE:
            continue
        for duty in _DUTIES:
            if tuple(words[i : i + len(duty)]) == duty:
                return [*words[:i], *words[i + len(duty) :]]
    return words


_BE = frozenset({"is", "was", "were", "are", "s"})


#: Words that name one episode by its number ("episode 2", "the 2 ep", "part 3").
EPISODE_ONE = frozenset({"episode", "ep", "part"})
#: Words that ask about every episode.
EPISODE_EVERY = frozenset(
    {"episodes", "eps", "parts", "schedule", "weekly", "week", "each", "every"}
)
#: Words that name an episode by its place.
EPISODE_LAST = frozenset({"last", "final", "finale", "latest"})
EPISODE_FIRST = frozenset({"pilot", "premiere"})


def one_episode(words: list[str]) -> set[int]:
    """Positions of the words naming one episode of a series ("episode 2", "the final
    episode", "the pilot"); empty when none is named. Such a name is part of what is asked
    about, neither the episodes relation nor a description ("final" is no final role)."""
    for i, word in enumerate(words):
        if word not in EPISODE_ONE:
            continue
        around = {j for j in (i - 1, i + 1) if 0 <= j < len(words)}
        named = {j for j in around if words[j].isdigit() or words[j] in EPISODE_LAST | {"first"}}
        if named:
            return {i, *named}
    return {i for i, w in enumerate(words) if w in ("pilot", "finale")}
