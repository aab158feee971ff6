import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{exampleProgram}from"./chunk-Z4DSZFU4.js";import{fileDigest}from"./chunk-VURIFV73.js";import{dosDate,require_yazl}from"./chunk-KH4YOMAA.js";import{require_tar_stream}from"./chunk-HMVQ3AW2.js";import{wheelVersion}from"./chunk-C4HKJ2L7.js";import{writeAtomically,writeFileAtomic}from"./chunk-TMNFU2OQ.js";import{BuildError,replaceControls}from"./chunk-KFZZJJWJ.js";import{__name,__toESM}from"./chunk-Y76VSQA4.js";import path from"node:path";var INSTALL_VERIFY="install_verify.sh",FOUND_MOJO_VERSION="found=$(mojo --version 2>/dev/null | sed -n 's/^Mojo \\([^ ]*\\).*/\\1/p')",END="MOJO_PROGRAM";function programCase(label,imports,symbols){return`  ${label})
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
`}__name(installVerifyScript,"installVerifyScript");async function writeInstallVerify(outDir,text,options){let file=path.join(outDir,INSTALL_VERIFY);return await writeFileAtomic(file,text,493),{kind:"script",name:path.basename(INSTALL_VERIFY,".sh"),version:options.version,file:INSTALL_VERIFY,...await fileDigest(file),contents:options.imports}}__name(writeInstallVerify,"writeInstallVerify");var import_tar_stream=__toESM(require_tar_stream(),1),import_yazl=__toESM(require_yazl(),1);import{createHash}from"node:crypto";import fs from"node:fs";import path2 from"node:path";import{pipeline}from"node:stream/promises";import zlib from"node:zlib";var ZSTD_LEVEL=3;function condaVersion(version){return wheelVersion(version)?.replace(/^([\d!.]+)\.dev(\d+)$/,"$1dev$2")}__name(condaVersion,"condaVersion");var PACKAGE_NAME=/^(([a-z0-9])|([a-z0-9_](?!_)))[._-]?([a-z0-9]+(\.|-|_|$))*$/,isCondaName=__name(name=>PACKAGE_NAME.test(name)&&name.length<=64,"isCondaName");function condaName(name){let lower=name.toLowerCase();if(!isCondaName(lower))throw new BuildError(`Cannot write a conda package of '${name}': conda needs a name of at most 64 letters, digits and single '-', '_' or '.' between them; rename the package.`);return lower}__name(condaName,"condaName");function condaId(name,version){let conda=condaVersion(version);if(conda===void 0)throw new BuildError(`Cannot write a conda package of ${name}: its version '${version}' has no conda form; use a release (0.1.0, 0.26.1.2) or a prerelease such as 1.0.0-beta.2, 1.0.0-rc.1 or 1.0.0b2.`);return{name:condaName(name),version:conda}}__name(condaId,"condaId");function condaIndex(dist){let id=condaId(dist.name,dist.version),requires=dist.requires.map(r=>{let dep=condaId(r.name,r.version);return`${dep.name} ==${dep.version}`}).sort();return{name:id.name,version:id.version,build:`mojo_${dist.mojo}_0`,build_number:0,depends:[`mojo-compiler ==${dist.mojo}`,...requires],...dist.license?{license:dist.license}:{},noarch:"generic",subdir:"noarch",timestamp:dist.epoch*1e3}}__name(condaIndex,"condaIndex");function condaAbout(dist){return{...dist.summary?{summary:dist.summary}:{},...dist.readme?{description:dist.readme.text}:{},...dist.license?{license:dist.license}:{}}}__name(condaAbout,"condaAbout");function stem(index){return`${index.name}-${index.version}-${index.build}`}__name(stem,"stem");function condaPaths(files){return{paths:files.map(f=>({_path:f.path,path_type:"hardlink",sha256:f.sha256,size_in_bytes:f.size})),paths_version:1}}__name(condaPaths,"condaPaths");function condaJson(value){return JSON.stringify(value,(_key,v)=>v!==null&&typeof v=="object"&&!Array.isArray(v)?Object.fromEntries(Object.entries(v).sort(([a],[b])=>a<b?-1:a>b?1:0)):v,2)}__name(condaJson,"condaJson");function textFile(filePath,text){let data=Buffer.from(text,"utf8");return{type:"file",path:filePath,mode:420,size:data.length,source:{data},sha256:createHash("sha256").update(data).digest("hex")}}__name(textFile,"textFile");function byPath(a,b){return a.path<b.path?-1:a.path>b.path?1:0}__name(byPath,"byPath");function infoFiles(pkg){return[textFile("info/about.json",condaJson(pkg.about)),textFile("info/files",pkg.files.map(f=>`${f.path}
`).join("")),textFile("info/index.json",condaJson(pkg.index)),...pkg.licenses??[],textFile("info/paths.json",condaJson(condaPaths(pkg.files)))].sort(byPath)}__name(infoFiles,"infoFiles");function addTarEntry(pack,file,mtime){let header={name:file.path,mode:file.mode,mtime,uid:0,gid:0,uname:"",gname:""};return new Promise((resolve,reject)=>{let done=__name(error=>error?reject(error):resolve(),"done");if("data"in file.source)pack.entry({...header,type:"file",size:file.size},file.source.data,done);else{let sink=pack.entry({...header,type:"file",size:file.size},done);sink.on("error",reject),fs.createReadStream(file.source.file).on("error",reject).pipe(sink)}})}__name(addTarEntry,"addTarEntry");function zstd(data,level){let params={[zlib.constants.ZSTD_c_compressionLevel]:level};return new Promise((resolve,reject)=>zlib.zstdCompress(data,{params},(error,result)=>error?reject(error):resolve(result)))}__name(zstd,"zstd");async function tarZst(files,epoch,level){let pack=import_tar_stream.default.pack(),chunks=[],collected=(async()=>{for await(let chunk of pack)chunks.push(chunk)})(),mtime=new Date(epoch*1e3),adding=(async()=>{for(let file of files)await addTarEntry(pack,file,mtime);pack.finalize()})();return await Promise.all([collected,adding.catch(error=>{throw pack.destroy(error),error})]),zstd(Buffer.concat(chunks),level)}__name(tarZst,"tarZst");async function writeCondaPackage(pkg,outDir,epoch,level=ZSTD_LEVEL){let sorted={...pkg,files:[...pkg.files].sort(byPath)},name=stem(pkg.index),target=path2.resolve(outDir,`${name}.conda`),members=[["metadata.json",Buffer.from('{"conda_pkg_format_version": 2}')],[`pkg-${name}.tar.zst`,await tarZst(sorted.files,epoch,level)],[`info-${name}.tar.zst`,await tarZst(infoFiles(sorted),epoch,level)]],zip=new import_yazl.default.ZipFile,mtime=dosDate(epoch);for(let[member,data]of members)zip.addBuffer(data,member,{mtime,mode:33188,forceDosTimestamp:!0,compress:!1});return zip.end(),await writeAtomically(target,temp=>pipeline(zip.outputStream,fs.createWriteStream(temp))),target}__name(writeCondaPackage,"writeCondaPackage");async function payload(dist){if(!dist.package)return[];let{import:name,format,file}=dist.package,digest=await fileDigest(file);return[{type:"file",path:`lib/mojo/${name}.${format}`,mode:420,source:{file},...digest}]}__name(payload,"payload");function condaLicensePath(dist){return dist.licenseFile&&`info/licenses/${path2.basename(dist.licenseFile)}`}__name(condaLicensePath,"condaLicensePath");async function licenses(dist){let[at,file]=[condaLicensePath(dist),dist.licenseFile];return!at||!file?[]:[{type:"file",path:at,mode:420,source:{file},...await fileDigest(file)}]}__name(licenses,"licenses");async function writeConda(dist,outDir){let pkg={index:condaIndex(dist),about:condaAbout(dist),files:await payload(dist),licenses:await licenses(dist)};return writeCondaPackage(pkg,outDir,dist.epoch)}__name(writeConda,"writeConda");export{INSTALL_VERIFY,FOUND_MOJO_VERSION,installVerifyScript,writeInstallVerify,isCondaName,condaLicensePath,writeConda};
