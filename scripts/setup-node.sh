# Sourced by scripts/local and scripts/test (bash, from the repository root): puts Node 24 first on PATH
# and installs the npm dependencies when they are missing or older than package-lock.json.
#
# The action runs on node24, so it is built, run and tested on Node 24, whatever Node the machine has:
# the npm registry's node-linux-* package, installed once with the machine's npm into
# ${MOJO_ACTION_TEST_CACHE:-$HOME/.cache/mojo-package-action}/node24 (outside the repository).

mojo_action_cache="${MOJO_ACTION_TEST_CACHE:-$HOME/.cache/mojo-package-action}"
case "$(uname -m)" in
  x86_64) node_arch=x64 ;;
  aarch64 | arm64) node_arch=arm64 ;;
  *) echo "no Node 24 package for $(uname -m)" >&2; exit 1 ;;
esac
node_home="$mojo_action_cache/node24"
node_bin="$node_home/node_modules/node-linux-$node_arch/bin"
if ! "$node_bin/node" --version 2>/dev/null | grep -q '^v24\.'; then
  command -v npm >/dev/null || { echo "npm is needed once, to fetch Node 24 from the npm registry" >&2; exit 1; }
  echo "Installing Node 24 into $node_home (once)" >&2
  npm install --no-save --no-audit --no-fund --no-update-notifier --loglevel=error --prefix "$node_home" "node-linux-$node_arch@24" >/dev/null
fi
export PATH="$node_bin:$PATH"

# npm ci replaces node_modules: only when it is missing or older than package-lock.json (npm writes
# node_modules/.package-lock.json last). A node_modules that is a link is someone else's install: left alone.
if [ -L node_modules ]; then
  :
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --no-update-notifier --loglevel=error >/dev/null
fi
