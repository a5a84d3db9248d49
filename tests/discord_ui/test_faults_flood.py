"""One channel floods the bot: the other servers' answers keep their latency.

The issue's "1,000 messages in 10 s" come ten times faster here (50 every 50 ms), each
from a different member and mentioning the bot, so the per-user cooldown never applies.
Meanwhile three other servers ask questions, one at a time and at most one every
:data:`PACE` seconds. The emulator enforces Discord's global limit (50 requests per second)
throughout: a bot that answered all 1,000 would spend the whole budget on one channel, and
every other server would wait behind global 429s. The per-channel budget
(``bot.policy.ChannelBudget``) keeps the flooded channel to its burst and refill: no 429 at
all, the others answered as fast as before the flood.

In any second the flooded channel gets at most its burst plus a second's refill (30 + 10),
which leaves ten requests of the global limit; the other servers' pace keeps them to five
(their answers are more than :data:`PACE` apart), whatever the speed of the machine.
"""

from __future__ import annotations

import asyncio
import statistics
import time

from bot.app import Core
from bot.policy import CHANNEL_BURST, CHANNEL_REFILL

from .emulator import DiscordEmulator, Guild, User
from .faults import ask, fans, replies_by_question, wait_for_replies
from .wick import running_wickbot

FLOOD = 1000
HANDLER = "discord.py: on_message"
#: Discord's global limit, enforced by the emulator during the test.
GLOBAL_LIMIT = 50
BATCH = 50
#: Flood messages per second (the issue's 100, ten times faster).
FLOOD_RATE = 1000
#: Generous for a shared 2-core machine; a starved server waits for the global limit's
#: next window, about half a second on average.
OTHERS_WITHIN = 0.25
#: Seconds the other servers wait after an answer before asking again.
PACE = 0.2


async def handled(timeout: float) -> None:
    """Wait until the bot has finished with every message it received."""
    async with asyncio.timeout(timeout):
        while any(t.get_name() == HANDLER and not t.done() for t in asyncio.all_tasks()):
            await asyncio.sleep(0.01)


async def timed_ask(emu: DiscordEmulator, guild: Guild, user: User) -> float:
    """Seconds from asking in ``guild`` to its answer."""
    started = time.perf_counter()
    question = await ask(emu, guild, user, "who directed chapter 4")
    await wait_for_replies(emu, guild.channel_id("general"), [question], timeout=60)
    return time.perf_counter() - started


async def test_a_flooded_channel_cannot_starve_the_other_servers(
    discord_emulator: DiscordEmulator, core: Core
) -> None:
    emu = discord_emulator
    flooded = emu.add_guild("Flooded", channels=["general"], members=[])
    crowd = fans(emu, FLOOD, prefix="raider")
    for user in crowd:
        emu.add_member(flooded.id, user)
    others = [emu.add_guild(f"Quiet {i}", channels=["general"]) for i in range(3)]
    askers = fans(emu, 3 + 12, prefix="fan")
    for i, user in enumerate(askers):
        emu.add_member(others[i % len(others)].id, user)
    flood_channel = flooded.channel_id("general")
    latencies: list[float] = []
    during: list[float] = []
    async with running_wickbot(emu, core):
        emu.set_global_rate_limit(GLOBAL_LIMIT)
        for i, user in enumerate(askers[:3]):  # before the flood
            latencies.append(await timed_ask(emu, others[i], user))
            await asyncio.sleep(PACE)

        async def flood() -> list[int]:
            ids = []
            for start in range(0, FLOOD, BATCH):
                for user in crowd[start : start + BATCH]:
                    ids.append(await ask(emu, flooded, user, "who plays winston?"))
                await asyncio.sleep(BATCH / FLOOD_RATE)
            return ids

        flood_started = time.monotonic()  # the clock of the emulator's records
        flooding = asyncio.create_task(flood())
        for i, user in enumerate(askers[3:9]):  # while the flood comes in
            during.append(await timed_ask(emu, others[i % len(others)], user))
            await asyncio.sleep(PACE)
        flood_ids = await flooding
        for i, user in enumerate(askers[9:]):  # while the bot would still be answering it
            during.append(await timed_ask(emu, others[i % len(others)], user))
            await asyncio.sleep(PACE)
        await handled(timeout=60)
        emu.set_global_rate_limit(None)

    flood_replies = replies_by_question(emu, flood_channel)
    assert emu.rate_limited_count == 0  # the flood never used up the global budget
    # The budget's burst, plus what it refilled while the bot answered the flood: every
    # answer was spent after the flood began and before the last answer reached Discord.
    answers = emu.find_requests("POST", rf"/channels/{flood_channel}/messages", status=200)
    answering = max((r.at for r in answers), default=flood_started) - flood_started
    allowed = CHANNEL_BURST + answering / CHANNEL_REFILL + 1
    assert 0 < sum(flood_replies.values()) <= allowed, (sum(flood_replies.values()), allowed)
    assert statistics.median(during) < max(OTHERS_WITHIN, 3 * statistics.median(latencies))
    assert set(flood_replies) <= set(flood_ids)
    assert all(count == 1 for count in flood_replies.values())
    for guild in others:
        replies = replies_by_question(emu, guild.channel_id("general"))
        assert len(replies) == 5 and all(count == 1 for count in replies.values())
