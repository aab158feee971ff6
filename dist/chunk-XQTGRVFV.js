import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{exampleProgram}from"./chunk-Z4DSZFU4.js";import{fileDigest}from"./chunk-VURIFV73.js";import{writeFileAtomic}from"./chunk-TMNFU2OQ.js";import{replaceControls}from"./chunk-KFZZJJWJ.js";import{__name}from"./chunk-Y76VSQA4.js";import path from"node:path";var INSTALL_VERIFY="install_verify.sh",FOUND_MOJO_VERSION="found=$(mojo --version 2>/dev/null | sed -n 's/^Mojo \\([^ ]*\\).*/\\1/p')",END="MOJO_PROGRAM";function programCase(label,imports,symbols){return`  ${label})
    cat <<'${END}'
${exampleProgram(imports,symbols)}${END}
    ;;`}__name(programCase,"programCase");var ALL="all-packages";function versionCheck(mojo){return mojo===void 0?"":`if [ "$found" != '${mojo}' ]; then
  echo "install_verify.sh: warning: the precompiled packages load only in Mojo ${mojo}" >&2
fi
`}__name(versionCheck,"versionCheck");function installVerifyScript(options){let packages=options.imports.join(" ");return`#!/bin/sh
# Checks the Mojo packages of ${replaceControls(`${options.name} ${options.version}`,"?")} where you installed them: for each package,
# from an empty folder, the import check the release's own verification ran, with the mojo on your PATH.
#
# usage: sh install_verify.sh [-p PACKAGE]... wheel          after pip or uv installed the wheels into the venv whose mojo is on PATH
#        sh install_verify.sh [-p PACKAGE]... conda [PREFIX] after pixi or conda installed the conda packages (PREFIX: $CONDA_PREFIX)
#        sh install_verify.sh [-p PACKAGE]... dir FOLDER     after copying the .mojoc files, or extracting the sources, into FOLDER
# -p checks only that package (repeatable; packages: ${packages}); -h prints this.
# Prints each result; exits 1 when a check fails, 2 on a usage error.
set -u
packages='${packages}'

help() {
  sed -n '5,9s/^# \\{0,1\\}//p' "$0"
}

usage() {
  help >&2
  exit 2
}

known() {
  for known_name in $packages; do
    [ "$known_name" = "$1" ] && return 0
  done
  return 1
}

program() {
  case $1 in
${[programCase(ALL,options.imports,options.symbols),...options.imports.map(name=>programCase(name,[name],options.symbols))].join(`
`)}
  esac
}

selected=''
while getopts hp: option; do
  case $option in
  h)
    help
    exit 0
    ;;
  p)
    if ! known "$OPTARG"; then
      echo "install_verify.sh: '$OPTARG' is not a package of this release (packages: $packages)" >&2
      exit 2
    fi
    selected="$selected $OPTARG"
    ;;
  *) usage ;;
  esac
done
shift $((OPTIND - 1))

case \${1:-} in
wheel)
  [ $# -eq 1 ] || usage
  lib=''
  ;;
conda)
  [ $# -le 2 ] || usage
  prefix=\${2:-\${CONDA_PREFIX:-}}
  if [ -z "$prefix" ]; then
    echo 'install_verify.sh: give the environment as PREFIX, or run it in the environment (pixi run, conda activate)' >&2
    exit 2
  fi
  lib=$prefix/lib/mojo
  ;;
dir)
  [ $# -eq 2 ] || usage
  lib=$2
  ;;
*) usage ;;
esac
if [ -n "$lib" ]; then
  case $lib in /*) ;; *) lib=./$lib ;; esac
  if [ ! -d "$lib" ]; then
    echo "install_verify.sh: there is no folder '$lib'" >&2
    exit 2
  fi
  lib=$(cd "$lib" && pwd) || exit 2
fi
if ! command -v mojo >/dev/null 2>&1; then
  echo 'install_verify.sh: there is no mojo on PATH: activate the environment you installed the packages into' >&2
  exit 2
fi
${FOUND_MOJO_VERSION}
echo "mojo: $(command -v mojo) (Mojo \${found:-of an unknown version})\${lib:+, packages from $lib}"
${versionCheck(options.mojo)}
work=$(mktemp -d "\${TMPDIR:-/tmp}/install_verify.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Runs the program labelled $1 from a folder holding only it: mojo also imports from the program's folder.
check() {
  mkdir "$work/$1"
  program "$1" >"$work/$1/app.mojo"
  if [ -n "$lib" ]; then set -- "$1" -I "$lib"; fi
  (cd "$work/$1" && shift && mojo run "$@" app.mojo) >"$work/$1.out" 2>&1
}

passed=0
failed=0
# Every package in one program (one compile); one program per package only to name what fails.
if [ -z "$selected" ] && check ${ALL}; then
  for name in $packages; do
    echo "ok    $name"
    passed=$((passed + 1))
  done
else
  for name in \${selected:-$packages}; do
    if check "$name"; then
      echo "ok    $name"
      passed=$((passed + 1))
    else
      echo "FAIL  $name"
      sed 's/^/      /' "$work/$name.out"
      failed=$((failed + 1))
    fi
  done
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
`}__name(installVerifyScript,"installVerifyScript");async function writeInstallVerify(outDir,text,options){let file=path.join(outDir,INSTALL_VERIFY);return await writeFileAtomic(file,text,493),{kind:"script",name:path.basename(INSTALL_VERIFY,".sh"),version:options.version,file:INSTALL_VERIFY,...await fileDigest(file),contents:options.imports}}__name(writeInstallVerify,"writeInstallVerify");export{INSTALL_VERIFY,FOUND_MOJO_VERSION,installVerifyScript,writeInstallVerify};
