"""The due-posts function: explicit instants, DST days, zones, moved dates, catch-up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest

from bot.countdown.plan import (
    CATCH_UP_LIMIT,
    Planner,
    TickPlan,
    counting_down,
    due_posts,
    local_instant,
    next_post,
    waiting_for_date,
    zone_of,
)
from bot.facts import KnowledgeBase
from bot.facts.schema import Work
from bot.storage import PostKey
from tests.conftest import TODAY
from tests.countdown.conftest import make_config, make_work, utc

MINUTE = dt.timedelta(minutes=1)
CH5 = make_work("chapter-5", "2027-05-21")


def due_at(plan: TickPlan) -> list[tuple[str, int, dt.datetime]]:
    return [(p.key.work_id, p.milestone, p.scheduled) for p in plan.due]


def skipped_at(plan: TickPlan) -> list[tuple[str, int]]:
    return [(s.post.key.work_id, s.post.milestone) for s in plan.skipped]


def tick(now: dt.datetime, works: Iterable[Work] = (CH5,), **config: Any) -> TickPlan:
    """One one-minute tick ending at ``now`` for a server with settings ``config``."""
    return due_posts(make_config(**config), works, now, now - MINUTE)


# -- the basic schedule ---------------------------------------------------------------------


def test_one_week_to_go_at_local_time() -> None:
    scheduled = utc(2027, 5, 14, 13)  # 09:00 EDT
    plan = due_posts(make_config(), [CH5], scheduled + dt.timedelta(seconds=30), scheduled - MINUTE)
    (post,) = plan.due
    assert post.key == PostKey(1, "chapter-5", "2027-05-21", 7)
    assert post.scheduled == scheduled
    assert post.late(scheduled + dt.timedelta(seconds=30)) == dt.timedelta(seconds=30)
    assert post.content.headline == "One week to go"
    assert plan.skipped == []


def test_window_is_open_at_the_start_and_closed_at_now() -> None:
    scheduled = utc(2027, 5, 14, 13)
    assert due_posts(make_config(), [CH5], scheduled - dt.timedelta(seconds=1), None).due == []
    assert due_at(due_posts(make_config(), [CH5], scheduled, scheduled - MINUTE)) == [
        ("chapter-5", 7, scheduled)
    ]
    # the next tick does not see it again
    assert due_posts(make_config(), [CH5], scheduled + MINUTE, scheduled).due == []


def test_every_default_milestone_once_over_the_whole_run_up() -> None:
    config = make_config("Europe/Berlin", "18:30")
    planner = Planner([CH5])
    posted: list[int] = []
    now, end = utc(2027, 1, 1), utc(2027, 5, 23)
    while now < end:  # hourly ticks
        later = now + dt.timedelta(hours=1)
        plan = planner.plan(config, later, now)
        assert plan.skipped == []
        posted += [p.milestone for p in plan.due]
        now = later
    assert posted == [100, 30, 14, 7, 3, 2, 1, 0]


def test_release_day_post() -> None:
    scheduled = utc(2027, 5, 21, 13)
    (post,) = tick(scheduled).due
    assert (post.milestone, post.content.headline) == (0, "Out today!")


def test_custom_milestones() -> None:
    custom = (60, 10, 0)
    sixty_days = utc(2027, 3, 22, 13)
    assert due_at(tick(sixty_days, milestones=custom)) == [("chapter-5", 60, sixty_days)]
    assert tick(utc(2027, 2, 10, 14), milestones=custom).due == []  # 100 days: not listed
    assert tick(utc(2027, 5, 14, 13), milestones=custom).due == []  # 7 days: not listed


def test_two_works_due_together() -> None:
    other = make_work("ballerina-2", "2027-05-17")
    plan = tick(utc(2027, 5, 14, 13), [CH5, other])
    assert [(p.key.work_id, p.milestone) for p in plan.due] == [
        ("ballerina-2", 3),
        ("chapter-5", 7),
    ]


def test_servers_share_the_plan_but_not_the_keys() -> None:
    planner = Planner([CH5])
    now = utc(2027, 5, 14, 13)
    first = planner.plan(make_config(guild_id=1), now, now - MINUTE)
    second = planner.plan(make_config(guild_id=2), now, now - MINUTE)
    assert [p.key.guild_id for p in first.due + second.due] == [1, 2]
    assert first.due[0].content is second.due[0].content


# -- time zones and DST ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "at", "day", "expected"),
    [
        # New York springs forward at 02:00 on 2027-03-14: 02:30 does not exist
        ("America/New_York", "02:30", dt.date(2027, 3, 14), utc(2027, 3, 14, 7, 30)),  # 03:30 EDT
        ("America/New_York", "09:00", dt.date(2027, 3, 13), utc(2027, 3, 13, 14)),  # EST
        ("America/New_York", "09:00", dt.date(2027, 3, 14), utc(2027, 3, 14, 13)),  # EDT
        # ...and falls back at 02:00 on 2027-11-07: 01:30 happens twice, the first counts
        ("America/New_York", "01:30", dt.date(2027, 11, 7), utc(2027, 11, 7, 5, 30)),  # EDT
        ("America/New_York", "09:00", dt.date(2027, 11, 7), utc(2027, 11, 7, 14)),  # EST
        # London: 01:30 missing on 2027-03-28, twice on 2027-10-31
        ("Europe/London", "01:30", dt.date(2027, 3, 28), utc(2027, 3, 28, 1, 30)),  # 02:30 BST
        ("Europe/London", "01:30", dt.date(2027, 10, 31), utc(2027, 10, 31, 0, 30)),  # BST
        ("Europe/London", "09:00", dt.date(2027, 7, 1), utc(2027, 7, 1, 8)),
        # half-hour offset, no DST
        ("Asia/Kolkata", "09:00", dt.date(2027, 5, 14), utc(2027, 5, 14, 3, 30)),
        # ahead of UTC: the local morning is the previous UTC day
        ("Pacific/Auckland", "09:00", dt.date(2027, 5, 21), utc(2027, 5, 20, 21)),  # NZST
        ("Pacific/Auckland", "09:00", dt.date(2027, 1, 10), utc(2027, 1, 9, 20)),  # NZDT
        ("UTC", "00:00", dt.date(2027, 5, 21), utc(2027, 5, 21)),
    ],
)
def test_local_instant(zone: str, at: str, day: dt.date, expected: dt.datetime) -> None:
    found = local_instant(day, dt.time.fromisoformat(at), zone_of(zone))  # type: ignore[arg-type]
    assert found == expected and found.tzinfo is dt.UTC


def test_post_on_spring_forward_day_is_sent_once_after_the_gap() -> None:
    work = make_work("spring", "2027-03-21")  # 7 days before: 2027-03-14
    config = make_config("America/New_York", "02:30", milestones=(7,))
    planner = Planner([work])
    posts = []
    now = utc(2027, 3, 14, 5)
    while now < utc(2027, 3, 14, 10):
        posts += planner.plan(config, now + MINUTE, now).due
        now += MINUTE
    assert [p.scheduled for p in posts] == [utc(2027, 3, 14, 7, 30)]


def test_post_on_fall_back_day_is_sent_once_at_the_first_occurrence() -> None:
    work = make_work("fall", "2027-11-14")  # 7 days before: 2027-11-07
    config = make_config("America/New_York", "01:30", milestones=(7,))
    planner = Planner([work])
    posts = []
    now = utc(2027, 11, 7, 4)
    while now < utc(2027, 11, 7, 8):
        posts += planner.plan(config, now + MINUTE, now).due
        now += MINUTE
    assert [p.scheduled for p in posts] == [utc(2027, 11, 7, 5, 30)]


def test_zone_ahead_of_utc_posts_release_day_on_the_local_date() -> None:
    plan = tick(utc(2027, 5, 20, 21), timezone="Pacific/Auckland")
    assert due_at(plan) == [("chapter-5", 0, utc(2027, 5, 20, 21))]


def test_same_local_time_in_different_zones() -> None:
    for zone, instant in [
        ("America/Los_Angeles", utc(2027, 5, 14, 16)),
        ("Asia/Kolkata", utc(2027, 5, 14, 3, 30)),
        ("Asia/Tokyo", utc(2027, 5, 14, 0)),
    ]:
        assert due_at(tick(instant, timezone=zone)) == [("chapter-5", 7, instant)]


def test_unknown_zone_and_disabled_settings_plan_nothing() -> None:
    now = utc(2027, 5, 14, 13)
    assert tick(now, timezone="Mars/Olympus_Mons") == TickPlan([], [])
    assert tick(now, enabled=False) == TickPlan([], [])


# -- knowledge: undated works, moved dates ----------------------------------------------------


def test_undated_works_wait_for_a_date() -> None:
    works = [
        CH5,
        make_work("caine", "TBA"),
        make_work("month", "2027-06"),
        make_work("year", "2028"),
        make_work("dropped", "TBA", status="cancelled"),
    ]
    assert [w.id for w in waiting_for_date(works)] == ["month", "year", "caine"]
    assert [w.id for w in counting_down(works, dt.date(2027, 1, 1))] == ["chapter-5"]
    planner = Planner(works)
    assert [w.id for w in planner.works] == ["chapter-5"]
    # month precision is never counted down, even on the first of the month
    assert tick(utc(2027, 5, 25, 13), works).due == []


def test_cancelled_dated_work_is_not_counted_down() -> None:
    dropped = make_work("dropped", "2027-05-21", status="cancelled")
    assert tick(utc(2027, 5, 14, 13), [dropped]).due == []


def test_moved_date_follows_the_new_date() -> None:
    delayed = make_work("chapter-5", "2027-06-11")
    # the old date's 3-days post is not sent
    assert tick(utc(2027, 5, 18, 13), [delayed]).due == []
    (post,) = tick(utc(2027, 6, 8, 13), [delayed]).due
    assert post.key == PostKey(1, "chapter-5", "2027-06-11", 3)
    # the new date's 7-days post is a different key from the old one's
    (post,) = tick(utc(2027, 6, 4, 13), [delayed]).due
    assert post.key != PostKey(1, "chapter-5", "2027-05-21", 7)


def test_real_knowledge_today_has_nothing_to_count_down(kb: KnowledgeBase) -> None:
    works = list(kb.works.values())
    config = make_config("Europe/London", "09:00")
    assert counting_down(works, TODAY.date()) == []
    assert {"chapter-5", "caine", "video-game"} <= {w.id for w in waiting_for_date(works)}
    assert next_post(config, works, TODAY) is None
    assert due_posts(config, works, TODAY, TODAY - dt.timedelta(days=365)) == TickPlan([], [])


# -- catch-up after downtime ------------------------------------------------------------------


def test_after_downtime_the_latest_missed_post_is_sent_and_older_ones_skipped() -> None:
    # down from May 13 to May 18 15:00 UTC: missed 7 days (May 14) and 3 days (May 18, 2 h ago)
    plan = due_posts(make_config(), [CH5], utc(2027, 5, 18, 15), utc(2027, 5, 13, 12))
    assert due_at(plan) == [("chapter-5", 3, utc(2027, 5, 18, 13))]
    assert skipped_at(plan) == [("chapter-5", 7)]
    assert "superseded" in plan.skipped[0].reason


def test_missed_post_more_than_six_hours_late_is_skipped() -> None:
    plan = due_posts(make_config(), [CH5], utc(2027, 5, 18, 20), utc(2027, 5, 18, 6))
    assert plan.due == []
    assert skipped_at(plan) == [("chapter-5", 3)]
    assert "7.0 h late" in plan.skipped[0].reason


@pytest.mark.parametrize(
    ("late", "sent"), [(CATCH_UP_LIMIT - MINUTE, True), (CATCH_UP_LIMIT, False)]
)
def test_catch_up_limit_is_exclusive(late: dt.timedelta, sent: bool) -> None:
    scheduled = utc(2027, 5, 18, 13)
    plan = due_posts(make_config(), [CH5], scheduled + late, scheduled - dt.timedelta(hours=1))
    assert (len(plan.due), len(plan.skipped)) == ((1, 0) if sent else (0, 1))


def test_catch_up_is_per_work() -> None:
    other = make_work("other", "2027-05-25")  # 7 days before: May 18, like chapter-5's 3 days
    plan = due_posts(make_config(), [CH5, other], utc(2027, 5, 18, 15), utc(2027, 5, 13, 12))
    assert sorted(due_at(plan)) == [
        ("chapter-5", 3, utc(2027, 5, 18, 13)),
        ("other", 7, utc(2027, 5, 18, 13)),
    ]
    assert skipped_at(plan) == [("chapter-5", 7)]


def test_posts_before_the_settings_existed_are_ignored() -> None:
    config = make_config(created_at=utc(2027, 5, 16))
    plan = due_posts(config, [CH5], utc(2027, 5, 18, 15), utc(2027, 5, 13, 12))
    assert due_at(plan) == [("chapter-5", 3, utc(2027, 5, 18, 13))]
    assert plan.skipped == []  # the 7-days post predates the settings: not even logged


@pytest.mark.parametrize("created_at", [None, utc(2020, 1, 1)])
def test_first_start_looks_back_six_hours(created_at: dt.datetime | None) -> None:
    config = make_config(created_at=created_at)
    plan = due_posts(config, [CH5], utc(2027, 5, 18, 15), None)
    assert due_at(plan) == [("chapter-5", 3, utc(2027, 5, 18, 13))]
    assert plan.skipped == []  # the 7-days post four days ago is not even logged


def test_clock_going_backwards_plans_nothing() -> None:
    assert due_posts(make_config(), [CH5], utc(2027, 5, 14, 13), utc(2027, 5, 14, 14)).due == []


# -- next post and anniversaries --------------------------------------------------------------


def test_next_post() -> None:
    post = next_post(make_config(), [CH5], utc(2027, 5, 14, 13))  # the 7-days post is now
    assert post is not None
    assert (post.milestone, post.scheduled) == (3, utc(2027, 5, 18, 13))
    assert next_post(make_config(), [CH5], utc(2027, 5, 21, 13)) is None


def test_anniversaries() -> None:
    john_wick = make_work("john-wick", "2014-10-24", status="released")
    (post,) = tick(
        utc(2027, 10, 24, 8), [john_wick], anniversaries=True, timezone="Europe/London"
    ).due
    assert post.key == PostKey(1, "john-wick", "2014-10-24", -13)
    assert post.content.headline == "Thirteen years ago today"
    assert tick(utc(2027, 10, 24, 8), [john_wick], timezone="Europe/London").due == []


def test_leap_day_anniversary() -> None:
    leap = make_work("leap", "2024-02-29", status="released")

    def milestones(now: dt.datetime) -> list[int]:
        return [p.milestone for p in tick(now, [leap], anniversaries=True, timezone="UTC").due]

    assert milestones(utc(2027, 2, 28, 9)) == [-3]  # no February 29 in 2027
    assert milestones(utc(2027, 3, 1, 9)) == []
    assert milestones(utc(2028, 2, 29, 9)) == [-4]
    assert milestones(utc(2028, 2, 28, 9)) == []


def test_next_anniversary_with_todays_knowledge(kb: KnowledgeBase) -> None:
    config = make_config("Europe/London", "09:00", anniversaries=True)
    post = next_post(config, kb.works.values(), TODAY)
    assert post is not None
    assert post.key == PostKey(1, "chapter-2", "2017-02-10", -10)
    assert post.scheduled == utc(2027, 2, 10, 9)
    assert post.content.headline == "Ten years ago today"
