"""Fetching live sources politely and safely: the HTTP policy, robots.txt, per-host limits
shared through Redis, and the raw archive every response is kept in."""
