"""A real conda client for the tests: py-rattler, offline, on a local channel folder.

  conda_client.py install CHANNEL PREFIX CACHE SPEC...
      index CHANNEL, solve the SPECs from it for this machine, install them into PREFIX; prints the
      installed records as JSON [{name, version, build, subdir}]
  conda_client.py install-from CHANNEL[,CHANNEL...] PREFIX CACHE SPEC...
      solve the SPECs from channels already indexed (their repodata.json as they are, e.g. the merge
      action's channel), install them into PREFIX; prints the installed records as for install
  conda_client.py index CHANNEL
      only index CHANNEL, as a channel server has it
  conda_client.py add CHANNEL PREFIX CACHE SPEC...
      install from an indexed CHANNEL, leaving out mojo-compiler: for an environment that has the
      compiler already (the bench's check by hand, which times a user's install, not the indexing)
  conda_client.py sort VERSION...
      prints the versions in conda's order, one a line

Nothing is fetched: the channel is a folder, its repodata written here, and CACHE holds rattler's
repodata and package caches so the user's own stay untouched. A failed solve exits 1 with the
solver's message on stderr.
"""

import asyncio
import json
import os
import sys
from pathlib import Path

import rattler
from rattler.exceptions import SolverError
from rattler.index import index_fs


async def index(channel: str) -> None:
    await index_fs(Path(channel), write_zst=False, write_shards=False)


async def install(
    channel: str | list[str],
    prefix: str,
    cache: str,
    specs: list[str],
    index_first: bool = True,
    leave_out: tuple[str, ...] = (),
) -> None:
    channels = [channel] if isinstance(channel, str) else channel
    if index_first:
        for folder in channels:
            await index(folder)
    records = await rattler.solve(
        sources=[rattler.Channel(folder) for folder in channels],
        specs=specs,
        gateway=rattler.Gateway(cache_dir=Path(cache) / "repodata"),
        platforms=[str(rattler.Platform.current()), "noarch"],
    )
    records = [r for r in records if r.name.normalized not in leave_out]
    await rattler.install(
        records, target_prefix=prefix, cache_dir=Path(cache) / "pkgs", show_progress=False
    )
    print(
        json.dumps(
            [
                {
                    "name": r.name.normalized,
                    "version": str(r.version),
                    "build": str(r.build),
                    "subdir": str(r.subdir),
                }
                for r in sorted(records, key=lambda r: r.name.normalized)
            ]
        )
    )


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "index":
        asyncio.run(index(argv[1]))
        return 0
    if len(argv) >= 5 and argv[0] in ("install", "add", "install-from"):
        channel, prefix, cache, *specs = argv[1:]
        try:
            if argv[0] == "install":
                asyncio.run(install(channel, prefix, cache, specs))
            elif argv[0] == "install-from":
                asyncio.run(install(channel.split(","), prefix, cache, specs, index_first=False))
            else:
                leave_out = ("mojo-compiler",)
                asyncio.run(install(channel, prefix, cache, specs, index_first=False, leave_out=leave_out))
        except SolverError as error:
            print(error, file=sys.stderr)
            return 1
        return 0
    if argv[:1] == ["sort"]:
        print("\n".join(sorted(argv[1:], key=rattler.Version)))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # py-rattler 0.28's worker threads can crash the interpreter's shutdown (SIGSEGV, or "PyGILState_Release:
    # thread state must be current"; about one run in three after an install): leave without it.
    os._exit(code)
