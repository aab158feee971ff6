/**
 * The merged conda channel: a static folder a web server (GitHub Pages) serves as is. Every package is
 * `noarch: generic`, so they all sit in `noarch/` with its `repodata.json`; the platform folders a
 * client also reads hold an empty `repodata.json`. Each build depends on `mojo-compiler ==<exact>`, so
 * for one compiler exactly one build of each package version matches: `buildFor` is that check, the
 * one a solver makes.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { isCondaName, type CondaIndex } from '../assemble/conda-package.js'
import { BuildError } from '../errors.js'
import { untrusted } from '../log.js'
import { condaInfoFiles } from '../verify/conda-install.js'
import { writeFileAtomic } from '../workspace-files.js'

/** The subdirs a client of a Mojo workspace reads: noarch and the platforms Mojo ships for. */
export const CHANNEL_SUBDIRS = ['noarch', 'linux-64', 'linux-aarch64', 'osx-arm64']

/** A package as repodata.json lists it: its info/index.json, plus the file's name and digests. */
export type ChannelRecord = CondaIndex & { file: string; md5: string; sha256: string; size: number }

/** A version or build string as conda writes them: nothing a table, a heading or a shell line reads. */
const CONDA_WORD = /^[A-Za-z0-9_.+!]{1,64}$/

/**
 * `file`'s info/index.json, refused unless it is what the main step writes: its name, version and build
 * are the file's name (they reach INSTALL.md, the summary and the solver), its depends are strings and
 * its timestamp a time (it stamps the compiler archives).
 */
function checkedIndex(file: string, text: string): CondaIndex {
  const base = path.basename(file)
  const bad = (why: string): BuildError =>
    new BuildError(
      `${untrusted(base)}: its info/index.json ${why}; the merge takes only conda packages the main step wrote.`
    )
  let index: CondaIndex
  try {
    index = JSON.parse(text) as CondaIndex
  } catch {
    throw bad('is not JSON')
  }
  const { name, version, build, depends, timestamp } = index ?? {}
  if (typeof name !== 'string' || !isCondaName(name)) throw bad('names no conda package')
  if (
    typeof version !== 'string' ||
    !CONDA_WORD.test(version) ||
    typeof build !== 'string' ||
    !CONDA_WORD.test(build)
  )
    throw bad('has no conda version and build')
  if (base !== `${name}-${version}-${build}.conda`)
    throw bad(`names ${untrusted(`${name}-${version}-${build}`)}, not the file`)
  if (!Array.isArray(depends) || !depends.every((d) => typeof d === 'string'))
    throw bad('has no list of depends')
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw bad('has no timestamp')
  return index
}

export async function channelRecord(file: string): Promise<ChannelRecord> {
  const index = (await condaInfoFiles(file)).get('info/index.json')
  if (!index) throw new Error(`${path.basename(file)} has no info/index.json`)
  const data = await fs.readFile(file)
  return {
    ...checkedIndex(file, index.toString('utf8')),
    file: path.basename(file),
    md5: createHash('md5').update(data).digest('hex'),
    sha256: createHash('sha256').update(data).digest('hex'),
    size: data.length
  }
}

function repodata(subdir: string, records: ChannelRecord[]): string {
  const packages = Object.fromEntries(
    [...records].sort((a, b) => (a.file < b.file ? -1 : 1)).map(({ file, ...record }) => [file, record])
  )
  const data = {
    info: { subdir },
    packages: {},
    'packages.conda': packages,
    removed: [],
    repodata_version: 1
  }
  return `${JSON.stringify(data, null, 2)}\n`
}

/** Writes every subdir's repodata.json under `channel` (the .conda files are already in their subdir). */
export async function writeRepodata(channel: string, records: ChannelRecord[]): Promise<string[]> {
  const written: string[] = []
  for (const subdir of CHANNEL_SUBDIRS) {
    await fs.mkdir(path.join(channel, subdir), { recursive: true })
    await writeFileAtomic(
      path.join(channel, subdir, 'repodata.json'),
      repodata(
        subdir,
        records.filter((r) => r.subdir === subdir)
      )
    )
    written.push(`${subdir}/repodata.json`)
  }
  return written
}

/** `name ==version` as the action writes a dependency; undefined for any other form. */
function exactDependency(spec: string): { name: string; version: string } | undefined {
  const match = /^(\S+) ==(\S+)$/.exec(spec)
  return match ? { name: match[1], version: match[2] } : undefined
}

/**
 * The records a solver installs for `name` beside Mojo `mojo`: its one build that depends on exactly
 * that compiler, then its dependencies' (each the one build for that compiler); or why there is none.
 */
export function buildFor(
  records: ChannelRecord[],
  name: string,
  mojo: string
): { records: ChannelRecord[] } | { reason: string } {
  const chosen: ChannelRecord[] = []
  const visit = (wanted: string, version?: string): string | undefined => {
    if (chosen.some((r) => r.name === wanted)) return undefined
    const builds = records.filter(
      (r) =>
        r.name === wanted &&
        (version === undefined || r.version === version) &&
        r.depends.includes(`mojo-compiler ==${mojo}`)
    )
    if (builds.length !== 1) {
      const what = `${wanted}${version ? ` ${version}` : ''}`
      return `${builds.length === 0 ? 'no build' : `${builds.length} builds`} of ${what} for mojo-compiler ==${mojo}`
    }
    chosen.push(builds[0])
    for (const dep of builds[0].depends) {
      const exact = exactDependency(dep)
      if (exact === undefined || exact.name === 'mojo-compiler') continue
      const problem = visit(exact.name, exact.version)
      if (problem) return problem
    }
    return undefined
  }
  const problem = visit(name)
  return problem === undefined ? { records: chosen } : { reason: `the channel has ${problem}` }
}
