import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{diskFile,dosDate,layout,licenseFileOf,normaliseProject,promoteStaging,readReadme,require_yazl,writeArchive,writeChecksums,writeEntries,writeZip}from"./chunk-D4CNLSQD.js";import{git}from"./chunk-YC4KBGPW.js";import{fileDigest}from"./chunk-SPO325UN.js";import{CHECKSUM_COMMAND,DEFAULT_LIB_DIR,exampleProgram,installLines,installPlan,installedName,packageFormat,shellLine,usageOf}from"./chunk-3XHZUVTI.js";import"./chunk-PPCKAEM3.js";import{mojoSources,workspaceOf}from"./chunk-ED6HELEK.js";import{wheelVersion}from"./chunk-FQAAK4RD.js";import"./chunk-32E757U5.js";import"./chunk-SVUT5AUP.js";import{require_tar_stream,writeManifest}from"./chunk-5KIEJFHV.js";import{writeAtomically,writeFileAtomic}from"./chunk-NCP2HOOH.js";import{BuildError,InputError,replaceControls,untrusted}from"./chunk-OZTZJFTT.js";import{__name,__toESM,info}from"./chunk-JACOAZVW.js";import fs2 from"node:fs/promises";import os from"node:os";import path8 from"node:path";import path3 from"node:path";import path2 from"node:path";import path from"node:path";var INSTALL_VERIFY="install_verify.sh",FOUND_MOJO_VERSION="found=$(mojo --version 2>/dev/null | sed -n 's/^Mojo \\([^ ]*\\).*/\\1/p')",END="MOJO_PROGRAM";function programCase(name,symbols){return`  ${name})
    cat <<'${END}'
${exampleProgram([name],symbols)}${END}
    ;;`}__name(programCase,"programCase");function versionCheck(mojo){return mojo===void 0?"":`if [ "$found" != '${mojo}' ]; then
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
${options.imports.map(name=>programCase(name,options.symbols)).join(`
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

passed=0
failed=0
for name in \${selected:-$packages}; do
  # A folder holding only the program: mojo also imports from the program's own folder.
  mkdir "$work/$name"
  program "$name" >"$work/$name/app.mojo"
  if [ -n "$lib" ]; then set -- -I "$lib"; else set --; fi
  if (cd "$work/$name" && mojo run "$@" app.mojo) >"$work/$name.out" 2>&1; then
    echo "ok    $name"
    passed=$((passed + 1))
  else
    echo "FAIL  $name"
    sed 's/^/      /' "$work/$name.out"
    failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
`}__name(installVerifyScript,"installVerifyScript");async function writeInstallVerify(outDir,text,options){let file=path.join(outDir,INSTALL_VERIFY);return await writeFileAtomic(file,text,493),{kind:"script",name:path.basename(INSTALL_VERIFY,".sh"),version:options.version,file:INSTALL_VERIFY,...await fileDigest(file),contents:options.imports}}__name(writeInstallVerify,"writeInstallVerify");function changesSection(changes,version){return[`## What changed in ${version}`,`From \`${changes.file}\`:`,changes.body].join(`

`)}__name(changesSection,"changesSection");function externalsSection(externals){return["## Also needed","These packages import packages that are not shipped here. Install them first, the way you get them (their conda package, or their `.mojoc` in a folder on the import path), for the same Mojo version:",externals.map(e=>`- \`${e.import}\` (built against the one from ${e.from})`).join(`
`)].join(`

`)}__name(externalsSection,"externalsSection");var INSTALL_VERIFY_USE=`\`${INSTALL_VERIFY}\` checks your install: for each package, from an empty folder, it runs the import check this release's verification ran (the package and the names it exports) with the \`mojo\` on your PATH, prints each result and exits non-zero when one fails.`,fence=__name((lang,body)=>`\`\`\`${lang}
${body.replace(/\n$/,"")}
\`\`\``,"fence");function compilerSection(mojo){let nightly=/dev/.test(mojo)?" --index-url https://whl.modular.com/nightly/simple/":"";return[`## Use exactly Mojo ${mojo}`,`The packages were precompiled by Mojo ${mojo}, and a precompiled Mojo package only loads in the compiler version that built it: no other version, older or newer, loads it. Install that exact version, for example:`,fence("sh",`pip install${nightly} "mojo==${mojo}"
mojo --version   # must print: Mojo ${mojo} (...)`)].join(`

`)}__name(compilerSection,"compilerSection");function usageSection(usage){return[`Then save this as \`${usage.program.file}\`:`,fence("mojo",usage.program.text),usage.mojo?"and run it:":"and run it with the folder on the import path:",fence("sh",shellLine([usage.mojo??"mojo",...usage.mojoArgs]))].join(`

`)}__name(usageSection,"usageSection");function artifactSection(artifact,plan){let title=`### ${artifact.kind[0].toUpperCase()}${artifact.kind.slice(1)} \`${artifact.name}\` ${artifact.version}`,file=`File \`${artifact.file}\`, sha256 \`${artifact.sha256}\`.`,commands=fence("sh",installLines(plan).join(`
`));switch(plan.kind){case"package":{let needs=plan.copy.slice(0,-1).map(c=>`\`${c.from}\``),beside=needs.length>0?` It was built against ${needs.join(", ")}, which must be installed beside it: the commands below install them together.`:"",named=`Install it as \`${installedName(artifact)}\`: the compiler finds a package by that name, so keep it exactly (in the folder you pass to \`-I\`).${beside}`;return[title,`${file} ${named}`,commands,usageSection(plan.usage)].join(`

`)}case"source":{let needs=plan.downloads.slice(0,-1).map(d=>`\`${d}\``),why=`The Mojo sources, for a compiler other than the one the precompiled files need: extract them into a folder you pass to \`-I\`; the compiler builds them when your program imports them.${needs.length>0?` It imports ${needs.join(", ")}: the commands below extract them too.`:""}`;return[title,`${file} ${why}`,commands,usageSection(plan.usage)].join(`

`)}case"wheel":{let how=`pip installs ${plan.usage.imports.length===1?"the package":"every package"} into a virtual environment with exactly the \`mojo-compiler\` it needs, and the environment's own \`mojo\` imports it with no \`-I\`. Keep the other wheels listed here in the same folder (\`--find-links .\`); with uv: \`uv venv .venv && uv pip install --python .venv --find-links . ${plan.install[1].at(-1)}\`.`;return[title,`${file} ${how}`,commands,usageSection(plan.usage)].join(`

`)}case"conda":{let how=`A conda package for pixi: it puts ${plan.usage.imports.length===1?"the package":"every package"} in the environment's \`lib/mojo\`, beside the standard library of the exact \`mojo-compiler\` it depends on (from \`https://conda.modular.com/max\` in your workspace channels), so the environment's \`mojo\` imports it with no \`-I\`. From the download folder, add it and the packages it needs (pixi takes the absolute path of a \`.conda\` file):`;return[title,`${file} ${how}`,commands,`Then save this as \`${plan.usage.program.file}\`:`,fence("mojo",plan.usage.program.text),"and run it in the environment:",fence("sh","pixi run mojo run app.mojo")].join(`

`)}case"bundle":return[title,`${file} It holds the packages ${plan.usage.imports.map(i=>`\`${i}\``).join(", ")} and \`install.sh\`, which copies them into the folder given as its argument (default: \`$MOJO_LIBS\`, else \`${DEFAULT_LIB_DIR}\`) and warns when \`mojo --version\` is not ${artifact.mojo}.`,commands,usageSection(plan.usage)].join(`

`);case"archive":return[title,`${file} It extracts into \`${plan.extractsTo}/\`:`,commands].join(`

`);case"script":return[title,`${file} ${INSTALL_VERIFY_USE} Run it from the download folder after installing, the way you installed (\`-p PACKAGE\` checks only that package):`,fence("sh",plan.runs.map(r=>r.line).join(`
`))].join(`

`)}}__name(artifactSection,"artifactSection");function renderInstallGuide(options){let plans=options.artifacts.map(a=>installPlan(a,options.artifacts,{symbols:options.symbols})),needsCompiler=options.artifacts.some(a=>a.kind!=="archive"),table=["| File | sha256 | Size (bytes) |","| --- | --- | --- |",...options.artifacts.map(a=>`| \`${a.file}\` | \`${a.sha256}\` | ${a.size} |`)].join(`
`);return[`# Installing ${options.name} ${options.version}`,...options.changes?[changesSection(options.changes,options.version)]:[],...needsCompiler?[compilerSection(options.mojo)]:[],...options.externals?.length?[externalsSection(options.externals)]:[],"## Download and check","Download the files you need and `SHA256SUMS` into one folder, and check them there:",fence("sh",shellLine(CHECKSUM_COMMAND)),table,"## Install","Run the commands in the download folder.",...options.artifacts.map((a,i)=>artifactSection(a,plans[i]))].join(`

`)+`
`}__name(renderInstallGuide,"renderInstallGuide");async function writeInstallGuide(outDir,options){await writeFileAtomic(path2.join(outDir,"INSTALL.md"),renderInstallGuide(options))}__name(writeInstallGuide,"writeInstallGuide");function renderBundleGuide(options){return[`# ${options.name} ${options.version}: Mojo packages`,...options.changes?[changesSection(options.changes,options.version)]:[],`\`lib/\` holds the precompiled packages ${options.imports.map(i=>`\`${i}\``).join(", ")}.`,compilerSection(options.mojo),"## Install",`\`install.sh [DEST]\` copies \`lib/*\` into DEST (default: \`$MOJO_LIBS\`, else \`${DEFAULT_LIB_DIR}\`):`,fence("sh","./install.sh"),usageSection(usageOf(DEFAULT_LIB_DIR,options.imports,options.symbols)),...options.installVerify?["## Check",`${INSTALL_VERIFY_USE} With the packages in DEST:`,fence("sh",shellLine(["sh",INSTALL_VERIFY,"dir",DEFAULT_LIB_DIR]))]:[]].join(`

`)+`
`}__name(renderBundleGuide,"renderBundleGuide");function installScript(options){return`#!/bin/sh
# Installs the Mojo packages of ${options.name} ${options.version}, precompiled by Mojo ${options.mojo}.
# usage: ./install.sh [DEST]   (DEST defaults to $MOJO_LIBS, else $HOME/.local/lib/mojo)
set -e
required='${options.mojo}'
case "\${1:-}" in -h | --help)
  sed -n '2,3s/^# //p' "$0"
  exit 0
esac
if [ -n "\${1:-}" ]; then dest=$1
elif [ -n "\${MOJO_LIBS:-}" ]; then dest=$MOJO_LIBS
elif [ -n "\${HOME:-}" ]; then dest=$HOME/.local/lib/mojo
else
  echo 'install.sh: give DEST, or set MOJO_LIBS or HOME' >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
# A precompiled package only loads in the compiler version that built it.
if command -v mojo >/dev/null 2>&1; then
  ${FOUND_MOJO_VERSION}
  if [ "$found" != "$required" ]; then
    echo "install.sh: warning: these packages need Mojo $required exactly, but 'mojo --version' reports '\${found:-nothing}'" >&2
  fi
fi
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
for file in ${options.files.join(" ")}; do
  cp "$here/lib/$file" "$dest/$file"
done
echo "Installed ${options.files.join(" ")} into $dest"
echo "Use them with: mojo run -I $dest app.mojo"
`}__name(installScript,"installScript");async function writeBundle(options){let{name,version,mojo}=options;if(!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))throw new InputError("bundle",`'${name}' may hold only letters, digits, '.', '_' and '-'.`);if(!/^[A-Za-z0-9][A-Za-z0-9.+_-]*$/.test(version)||!/^[A-Za-z0-9.+_-]+$/.test(mojo))throw new BuildError(`cannot name a bundle after version '${version}' built by Mojo '${mojo}'.`);let importOf=__name(pkg=>pkg.import??pkg.name,"importOf"),packages=[...options.packages].sort((a,b)=>importOf(a)<importOf(b)?-1:1),imports=packages.map(importOf),files=packages.map(pkg=>installedName(pkg)),text=__name((file,mode,content)=>{let data=Buffer.from(content);return{path:file,mode,size:data.length,source:{data}}},"text"),libs=await Promise.all(packages.map((pkg,i)=>diskFile(`lib/${files[i]}`,path3.join(options.packagesDir,pkg.file)))),root=`${name}-${version}`,{installVerify}=options,licenses2=await licenseEntries(options.licenses??{}),entries=layout(root,[text("install.sh",493,installScript({name,version,mojo,files})),text("INSTALL.md",420,renderBundleGuide({name,version,mojo,imports,symbols:options.symbols,installVerify:!!installVerify,changes:options.changes})),...installVerify?[text(INSTALL_VERIFY,493,installVerify)]:[],...libs,...licenses2]),artifact=await writeEntries(entries,{kind:"bundle",name,version,format:"tar.gz"},options.outDir,options.epoch),licensePaths=licenses2.map(l=>`${root}/${l.path}`);return{...artifact,mojo,contents:imports,licenses:licensePaths.length>0?licensePaths:void 0}}__name(writeBundle,"writeBundle");function licenseEntries(licenses2){let own=[...licenses2.packages??[]].map(([name,file])=>diskFile(`licenses/${name}/${path3.basename(file)}`,file)),workspace=licenses2.workspace;return Promise.all(workspace?[diskFile(path3.basename(workspace),workspace),...own]:own)}__name(licenseEntries,"licenseEntries");async function sourceDateEpoch(workspace,env=process.env){let fixed=env.SOURCE_DATE_EPOCH?.trim();if(fixed){if(!/^\d+$/.test(fixed))throw new BuildError(`SOURCE_DATE_EPOCH='${fixed}' is not a whole number of seconds since 1970: unset it or set it to e.g. the output of \`git log -1 --format=%ct\`.`);return Number(fixed)}let last=await git(workspace,["log","-1","--format=%ct"]),stamp=last.code===0?last.stdout.trim():"";return/^\d+$/.test(stamp)?Number(stamp):0}__name(sourceDateEpoch,"sourceDateEpoch");import path4 from"node:path";async function writeSourceArchive(spec,options){let{licenseFile}=options,files=await Promise.all([...(await mojoSources(spec.dir,workspaceOf(spec))).map(rel=>diskFile(rel,path4.join(spec.dir,rel))),...licenseFile?[diskFile(path4.basename(licenseFile),licenseFile)]:[]]),entries=layout(spec.import,files),target={kind:"source",name:spec.import,version:`${spec.version}-src`,format:"tar.gz"};return{...await writeEntries(entries,target,options.outDir,options.epoch),version:spec.version,import:spec.import,distribution:spec.name,mojoToml:spec.mojoToml,dependencies:spec.dependencies,contents:entries.map(e=>e.path),licenses:licenseFile?[`${spec.import}/${path4.basename(licenseFile)}`]:void 0}}__name(writeSourceArchive,"writeSourceArchive");import path7 from"node:path";var import_tar_stream=__toESM(require_tar_stream(),1),import_yazl=__toESM(require_yazl(),1);import{createHash}from"node:crypto";import fs from"node:fs";import path5 from"node:path";import{pipeline}from"node:stream/promises";import zlib from"node:zlib";var ZSTD_LEVEL=3;function condaVersion(version){return wheelVersion(version)?.replace(/^([\d!.]+)\.dev(\d+)$/,"$1dev$2")}__name(condaVersion,"condaVersion");var PACKAGE_NAME=/^(([a-z0-9])|([a-z0-9_](?!_)))[._-]?([a-z0-9]+(\.|-|_|$))*$/;function condaName(name){let lower=name.toLowerCase();if(!PACKAGE_NAME.test(lower)||lower.length>64)throw new BuildError(`Cannot write a conda package of '${name}': conda needs a name of at most 64 letters, digits and single '-', '_' or '.' between them; rename the package.`);return lower}__name(condaName,"condaName");function condaId(name,version){let conda=condaVersion(version);if(conda===void 0)throw new BuildError(`Cannot write a conda package of ${name}: its version '${version}' has no conda form; use a release (0.1.0, 0.26.1.2) or a prerelease such as 1.0.0-beta.2, 1.0.0-rc.1 or 1.0.0b2.`);return{name:condaName(name),version:conda}}__name(condaId,"condaId");function condaIndex(dist){let id=condaId(dist.name,dist.version),requires=dist.requires.map(r=>{let dep=condaId(r.name,r.version);return`${dep.name} ==${dep.version}`}).sort();return{name:id.name,version:id.version,build:`mojo_${dist.mojo}_0`,build_number:0,depends:[`mojo-compiler ==${dist.mojo}`,...requires],...dist.license?{license:dist.license}:{},noarch:"generic",subdir:"noarch",timestamp:dist.epoch*1e3}}__name(condaIndex,"condaIndex");function condaAbout(dist){return{...dist.summary?{summary:dist.summary}:{},...dist.readme?{description:dist.readme.text}:{},...dist.license?{license:dist.license}:{}}}__name(condaAbout,"condaAbout");function stem(index){return`${index.name}-${index.version}-${index.build}`}__name(stem,"stem");function condaPaths(files){return{paths:files.map(f=>({_path:f.path,path_type:"hardlink",sha256:f.sha256,size_in_bytes:f.size})),paths_version:1}}__name(condaPaths,"condaPaths");function condaJson(value){return JSON.stringify(value,(_key,v)=>v!==null&&typeof v=="object"&&!Array.isArray(v)?Object.fromEntries(Object.entries(v).sort(([a],[b])=>a<b?-1:a>b?1:0)):v,2)}__name(condaJson,"condaJson");function textFile(filePath,text){let data=Buffer.from(text,"utf8");return{type:"file",path:filePath,mode:420,size:data.length,source:{data},sha256:createHash("sha256").update(data).digest("hex")}}__name(textFile,"textFile");function byPath(a,b){return a.path<b.path?-1:a.path>b.path?1:0}__name(byPath,"byPath");function infoFiles(pkg){return[textFile("info/about.json",condaJson(pkg.about)),textFile("info/files",pkg.files.map(f=>`${f.path}
`).join("")),textFile("info/index.json",condaJson(pkg.index)),...pkg.licenses??[],textFile("info/paths.json",condaJson(condaPaths(pkg.files)))].sort(byPath)}__name(infoFiles,"infoFiles");function addTarEntry(pack,file,mtime){let header={name:file.path,mode:file.mode,mtime,uid:0,gid:0,uname:"",gname:""};return new Promise((resolve,reject)=>{let done=__name(error=>error?reject(error):resolve(),"done");if("data"in file.source)pack.entry({...header,type:"file",size:file.size},file.source.data,done);else{let sink=pack.entry({...header,type:"file",size:file.size},done);sink.on("error",reject),fs.createReadStream(file.source.file).on("error",reject).pipe(sink)}})}__name(addTarEntry,"addTarEntry");function zstd(data,level){let params={[zlib.constants.ZSTD_c_compressionLevel]:level};return new Promise((resolve,reject)=>zlib.zstdCompress(data,{params},(error,result)=>error?reject(error):resolve(result)))}__name(zstd,"zstd");async function tarZst(files,epoch,level){let pack=import_tar_stream.default.pack(),chunks=[],collected=(async()=>{for await(let chunk of pack)chunks.push(chunk)})(),mtime=new Date(epoch*1e3),adding=(async()=>{for(let file of files)await addTarEntry(pack,file,mtime);pack.finalize()})();return await Promise.all([collected,adding.catch(error=>{throw pack.destroy(error),error})]),zstd(Buffer.concat(chunks),level)}__name(tarZst,"tarZst");async function writeCondaPackage(pkg,outDir,epoch,level=ZSTD_LEVEL){let sorted={...pkg,files:[...pkg.files].sort(byPath)},name=stem(pkg.index),target=path5.resolve(outDir,`${name}.conda`),members=[["metadata.json",Buffer.from('{"conda_pkg_format_version": 2}')],[`pkg-${name}.tar.zst`,await tarZst(sorted.files,epoch,level)],[`info-${name}.tar.zst`,await tarZst(infoFiles(sorted),epoch,level)]],zip=new import_yazl.default.ZipFile,mtime=dosDate(epoch);for(let[member,data]of members)zip.addBuffer(data,member,{mtime,mode:33188,forceDosTimestamp:!0,compress:!1});return zip.end(),await writeAtomically(target,temp=>pipeline(zip.outputStream,fs.createWriteStream(temp))),target}__name(writeCondaPackage,"writeCondaPackage");async function payload(dist){if(!dist.package)return[];let{import:name,format,file}=dist.package,digest=await fileDigest(file);return[{type:"file",path:`lib/mojo/${name}.${format}`,mode:420,source:{file},...digest}]}__name(payload,"payload");function condaLicensePath(dist){return dist.licenseFile&&`info/licenses/${path5.basename(dist.licenseFile)}`}__name(condaLicensePath,"condaLicensePath");async function licenses(dist){let[at,file]=[condaLicensePath(dist),dist.licenseFile];return!at||!file?[]:[{type:"file",path:at,mode:420,source:{file},...await fileDigest(file)}]}__name(licenses,"licenses");async function writeConda(dist,outDir){let pkg={index:condaIndex(dist),about:condaAbout(dist),files:await payload(dist),licenses:await licenses(dist)};return writeCondaPackage(pkg,outDir,dist.epoch)}__name(writeConda,"writeConda");import{createHash as createHash2}from"node:crypto";import path6 from"node:path";var PROJECT_NAME=/^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/;function wheelId(name,version){if(!PROJECT_NAME.test(name))throw new BuildError(`Cannot write a wheel of '${name}': pip needs a name of letters, digits and '-', '_' or '.' between them; rename the package.`);let normal=wheelVersion(version);if(normal===void 0)throw new BuildError(`Cannot write a wheel of ${name}: its version '${version}' has no PEP 440 form for pip; use a release (0.1.0, 0.26.1.2) or a prerelease such as 1.0.0-beta.2, 1.0.0-rc.1 or 1.0.0b2.`);return{name:normaliseProject(name).replace(/-/g,"_"),version:normal}}__name(wheelId,"wheelId");function wheelFileName(dist){let id=wheelId(dist.name,dist.version);return`${id.name}-${id.version}-py3-none-any.whl`}__name(wheelFileName,"wheelFileName");function distInfo(dist){let id=wheelId(dist.name,dist.version);return`${id.name}-${id.version}.dist-info`}__name(distInfo,"distInfo");function wheelLicensePath(dist){return dist.licenseFile&&`${distInfo(dist)}/licenses/${path6.basename(dist.licenseFile)}`}__name(wheelLicensePath,"wheelLicensePath");function wheelMetadata(dist){let requires=dist.requires.map(r=>({name:normaliseProject(r.name),version:wheelId(r.name,r.version).version})).sort((a,b)=>a.name<b.name?-1:a.name>b.name?1:0),headers=["Metadata-Version: 2.4",`Name: ${dist.name}`,`Version: ${wheelId(dist.name,dist.version).version}`,...dist.summary?[`Summary: ${dist.summary.trim().replace(/\s*\n\s*/g," ")}`]:[],...dist.license?[`License-Expression: ${dist.license}`]:[],...dist.licenseFile?[`License-File: ${path6.basename(dist.licenseFile)}`]:[],`Requires-Dist: mojo-compiler==${dist.mojo}`,...requires.map(r=>`Requires-Dist: ${r.name}==${r.version}`),...dist.readme?[`Description-Content-Type: ${dist.readme.contentType}`]:[]],broken=headers.find(h=>/[\r\n]/.test(h));if(broken!==void 0)throw new BuildError(`${dist.name}: the wheel METADATA header ${JSON.stringify(broken)} holds a line break.`);let text=headers.join(`
`)+`
`;return dist.readme?`${text}
${dist.readme.text}`:text}__name(wheelMetadata,"wheelMetadata");var WHEEL_INFO=["Wheel-Version: 1.0","Generator: mojo-package-action","Root-Is-Purelib: true","Tag: py3-none-any",""].join(`
`);function wheelRecord(files,record){return[...files.map(f=>`${f.path},sha256=${Buffer.from(f.sha256,"hex").toString("base64url")},${f.size}`),`${record},,`,""].join(`
`)}__name(wheelRecord,"wheelRecord");function textFile2(filePath,text){let data=Buffer.from(text,"utf8");return{path:filePath,source:{data},sha256:createHash2("sha256").update(data).digest("hex"),size:data.length}}__name(textFile2,"textFile");async function payload2(dist){if(!dist.package)return[];let{import:name,format,file}=dist.package;return[{path:`modular/lib/mojo/${name}.${format}`,source:{file},...await fileDigest(file)}]}__name(payload2,"payload");async function licenseFiles(dist){let[at,file]=[wheelLicensePath(dist),dist.licenseFile];return at&&file?[{path:at,source:{file},...await fileDigest(file)}]:[]}__name(licenseFiles,"licenseFiles");async function writeWheel(dist,outDir){let target=path6.resolve(outDir,wheelFileName(dist)),info2=distInfo(dist),files=[...await payload2(dist),textFile2(`${info2}/METADATA`,wheelMetadata(dist)),textFile2(`${info2}/WHEEL`,WHEEL_INFO),...await licenseFiles(dist)];files.push(textFile2(`${info2}/RECORD`,wheelRecord(files,`${info2}/RECORD`)));let entries=files.map(f=>({type:"file",path:f.path,mode:420,size:f.size,source:f.source}));return await writeZip(target,entries,dist.epoch),target}__name(writeWheel,"writeWheel");var plainText=__name(text=>text===void 0?void 0:{text:`${text}
`,contentType:"text/plain"},"plainText");async function distributions(options){let{specs,mojo,epoch}=options,byImport=new Map(specs.map(s=>[s.import,s])),found=[];for(let artifact of options.packages){let spec=byImport.get(artifact.import??artifact.name);found.push({spec,imports:[spec.import],dist:{name:spec.name,version:spec.version,package:{import:spec.import,file:path7.join(options.staging,artifact.file),format:packageFormat(artifact.file)},summary:spec.description,license:spec.license,licenseFile:licenseFileOf(spec,options.licensing),readme:await readReadme(workspaceOf(spec),spec.relDir)??plainText(spec.description),mojo,requires:spec.dependencies.map(d=>({name:byImport.get(d).name,version:byImport.get(d).version})),epoch}})}if(options.bundle){let summary=`Every package of ${options.bundle.name}: ${specs.map(s=>s.import).join(", ")}.`;found.push({imports:specs.map(s=>s.import),dist:{...options.bundle,summary,license:options.licensing.license,licenseFile:options.licensing.licenseFile,readme:plainText(summary),mojo,requires:specs.map(s=>({name:s.name,version:s.version})),epoch}})}return found}__name(distributions,"distributions");async function distributionArtifact(kind,file,planned){let{dist,spec}=planned,license=(kind==="wheel"?wheelLicensePath:condaLicensePath)(dist);return{kind,name:dist.name,version:dist.version,file:path7.basename(file),...await fileDigest(file),import:dist.package?.import,distribution:dist.name,mojo:dist.mojo,dependencies:spec?.dependencies,mojoToml:spec?.mojoToml,licenses:license?[license]:void 0,contents:dist.package?void 0:planned.imports}}__name(distributionArtifact,"distributionArtifact");async function withStaging(work){let staging=await fs2.mkdtemp(path8.join(process.env.RUNNER_TEMP||os.tmpdir(),"mojo-package-"));await fs2.chmod(staging,493);try{return await work(staging)}finally{await fs2.rm(staging,{recursive:!0,force:!0})}}__name(withStaging,"withStaging");async function assemble(assembly,staging,packages){let epoch=await sourceDateEpoch(assembly.workspace),{version,mojo,symbols,formats,licensing}=assembly,artifacts=formats.has("mojoc")?[...packages]:[];if(formats.has("source"))for(let spec of assembly.specs){let licenseFile=licenseFileOf(spec,licensing);artifacts.push(await writeSourceArchive(spec,{outDir:staging,epoch,licenseFile}))}let installable=["wheel","conda"].filter(f=>formats.has(f));if(installable.length>0&&packages.length>0){let bundle=assembly.bundle!==""?{name:assembly.bundle,version}:void 0,planned=await distributions({specs:assembly.specs,packages,staging,mojo,epoch,bundle,licensing});for(let format of installable){let write=format==="wheel"?writeWheel:writeConda;for(let one of planned)artifacts.push(await distributionArtifact(format,await write(one.dist,staging),one))}}let scriptOptions={name:assembly.name,version,imports:assembly.specs.map(s=>s.import),symbols,mojo:["mojoc","wheel","conda"].some(f=>formats.has(f))?mojo:void 0},script=packages.length>0?installVerifyScript(scriptOptions):void 0;assembly.bundle!==""&&packages.length>0&&artifacts.push(await writeBundle({name:assembly.bundle,version,packages,packagesDir:staging,outDir:staging,epoch,mojo,symbols,installVerify:script,changes:assembly.changelog,licenses:{workspace:licensing.licenseFile,packages:new Map(assembly.specs.filter(s=>s.licenseFile&&s.licenseFile!==licensing.licenseFile).map(s=>[s.import,s.licenseFile]))}}));for(let spec of assembly.archives)artifacts.push(await writeArchive(spec,{workspace:assembly.workspace,version,epoch,outDir:staging,exclude:[],licenseFile:licensing.licenseFile},assembly.archiveFiles.get(spec.name)));if(script!==void 0&&artifacts.push(await writeInstallVerify(staging,script,scriptOptions)),!formats.has("mojoc"))for(let p of packages)await fs2.rm(path8.join(staging,p.file));for(let a of artifacts)info(`${untrusted(a.file)}  ${a.size} bytes  sha256 ${a.sha256}`);await writeChecksums(staging,artifacts);let{externals}=assembly;await writeManifest(staging,{mojo,version,artifacts,externals});let guide={name:assembly.name,version,mojo,artifacts,symbols,externals};return await writeInstallGuide(staging,{...guide,changes:assembly.changelog}),await promoteStaging(staging,assembly.outputDir),artifacts}__name(assemble,"assemble");export{assemble,withStaging};
