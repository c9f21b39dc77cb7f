"""`manage.py seed_network`: connections, requests and conversations among synthetic members."""

import time

from django.core.management.base import BaseCommand, CommandParser

from members.seeding import DEFAULT_SEED, progress_bar
from network.seeding import network_seed, network_vacuum


class Command(BaseCommand):
    help = (
        "Connect the synthetic members (seed_members) and fill their conversations: N "
        "connections with the requests they came from, pending and declined requests, M "
        "messages, a few conversations thousands of messages deep. Does nothing when they "
        "already have a network."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--connections", type=int, default=10_000)
        parser.add_argument("--messages", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")

    def handle(self, *args, connections: int, messages: int, seed: int, **options) -> None:
        started = time.monotonic()
        added = network_seed(
            connections=connections,
            messages=messages,
            seed=seed,
            progress=progress_bar(self.stdout, "seeding"),
        )
        if added:
            network_vacuum()
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Added {added:,} rows in {elapsed:.1f} s."))
