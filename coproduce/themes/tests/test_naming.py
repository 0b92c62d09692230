"""Automatic theme names read like what a coordinator would write, not a list of words."""

import re

from coproduce.themes import naming
from coproduce.themes.embeddings import choose_backend
from coproduce.themes.engine import VoiceText, group_voices

# Two topics worded so that they share few keywords, with the everyday words ("week",
# "twice", "used", "I'm") that used to end up as names because they recur.
TRANSPORT = [
    "The bus stopped coming up our road so I can't get to the club twice a week now",
    "I'm stuck at home on Thursdays since they cut the bus, used to come every week",
    "Is there a minibus that could collect us? The bus is no good after 4pm",
    "My lift moved away and a taxi costs more than the session each week",
    "Could volunteers with cars give lifts? The bus only runs twice a day",
    "Dial a ride is booked weeks ahead, I used to get the bus but it stopped",
]
FOOD = [
    "The lunch club meals have got smaller and the soup was cold last week",
    "I'm diabetic and there's never a meal I can eat at the lunch club",
    "Could the lunch club do a proper roast dinner once a week?",
    "The meal at lunch club is the only hot food I get all week",
    "More choice at lunch club please, it's sandwiches twice a week",
    "Used to love the lunch club puddings, now it's just biscuits",
]
EVERYDAY = {"week", "weeks", "twice", "used", "i'm", "day", "now", "every"}


def name_words(label: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w'’-]+", label)]


def test_it_names_each_group_by_what_it_is_about_without_embedding() -> None:
    texts = TRANSPORT + FOOD
    names = naming.phrases(texts, [list(range(6)), list(range(6, 12))])
    assert "bus" in names[0].lower()
    assert "lunch club" in names[1].lower()
    for name in names:
        words = name_words(name)
        assert 1 <= len(words) <= 5 and "," not in name and name[0].isupper()
        assert words[0] not in EVERYDAY and words[-1] not in EVERYDAY, name


def test_the_worker_names_a_theme_with_the_installed_model_by_its_topic() -> None:
    voices = [VoiceText(f"t{n}", t) for n, t in enumerate(TRANSPORT)] + \
        [VoiceText(f"f{n}", t) for n, t in enumerate(FOOD)]
    result = group_voices(voices, backend=choose_backend("semantic"))
    assert result.backend == "semantic"
    by_voice = {v: t for t in result.themes for v in t.member_ids}
    transport, food = by_voice["t0"], by_voice["f0"]
    assert transport is not food
    for theme, topical in ((transport, {"bus", "lift", "lifts", "minibus", "taxi", "cars"}),
                           (food, {"lunch", "club", "meal", "meals", "food", "dinner"})):
        words = name_words(theme.label)
        assert set(words) & topical, theme.label
        assert not set(words) & EVERYDAY, theme.label
        assert 1 <= len(words) <= 5 and "," not in theme.label


def test_two_words_for_one_thing_are_not_joined() -> None:
    assert naming._translations("online", "ar-lein")
    assert not naming._translations("bins", "recycling")
