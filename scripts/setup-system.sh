# Sourced by scripts/local and scripts/test (bash): the standard tools the action uses as a user would,
# installed with apt-get only when one is missing: tar, unzip/zipinfo, sha256sum, bzip2 (a locked
# .tar.bz2 conda dependency), cc (for `mojo build`), git, python3 with pip and venv (wheel verification
# makes a fresh venv).

apt_install() {
  local sudo=
  [ "$(id -u)" = 0 ] || sudo=sudo
  command -v apt-get >/dev/null || { echo "missing $*: install them with your package manager" >&2; exit 1; }
  echo "Installing $* with apt-get" >&2
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq "$@" >/dev/null
}

missing=()
for tool in tar unzip zipinfo sha256sum bzip2 cc git python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
  apt_install tar unzip coreutils bzip2 gcc git python3-pip
fi
python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
# python3 -m venv needs ensurepip, which Debian ships in a separate package.
for py in python3 /usr/bin/python3; do
  [ -x "$(command -v "$py")" ] || continue
  "$py" -c 'import ensurepip' 2>/dev/null || { apt_install python3-venv; break; }
done
