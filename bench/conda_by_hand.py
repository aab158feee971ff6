"""The conda half of the bench's hand check: py-rattler, offline, on a local channel folder.

  conda_by_hand.py index CHANNEL
      writes the channel's repodata, as a channel server has it (not timed: users download, not index)
  conda_by_hand.py install CHANNEL PREFIX CACHE SPEC...
      solves the SPECs from CHANNEL for this machine and installs what the solve picked into PREFIX,
      except mojo-compiler: the environment has the compiler already (the tool cache's), as the
      action's verification has it. CACHE holds rattler's caches, so the user's own stay untouched.
"""

import asyncio
import os
import sys
from pathlib import Path

import rattler
from rattler.index import index_fs


async def install(channel: str, prefix: str, cache: str, specs: list[str]) -> None:
    records = await rattler.solve(
        sources=[rattler.Channel(channel)],
        specs=specs,
        gateway=rattler.Gateway(cache_dir=Path(cache) / "repodata"),
        platforms=[str(rattler.Platform.current()), "noarch"],
    )
    wanted = [r for r in records if r.name.normalized != "mojo-compiler"]
    await rattler.install(wanted, target_prefix=prefix, cache_dir=Path(cache) / "pkgs", show_progress=False)


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "index":
        asyncio.run(index_fs(Path(argv[1]), write_zst=False, write_shards=False))
        return 0
    if len(argv) >= 5 and argv[0] == "install":
        channel, prefix, cache, *specs = argv[1:]
        asyncio.run(install(channel, prefix, cache, specs))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # py-rattler 0.28's worker threads can crash the interpreter's shutdown (see
    # __tests__/support/conda_client.py): leave without it.
    os._exit(code)
