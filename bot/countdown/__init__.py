"""Countdown announcements without Discord: the schedule maths, the posts' content, the tick.

``plan`` says what is due at ``now``; ``messages`` says what a post shows; ``scheduler``
claims, sends (through an injected sender) and records each post exactly once; ``options``
reads what admins type into the announce commands.
"""
