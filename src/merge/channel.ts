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
import type { CondaIndex } from '../assemble/conda-package.js'
import { condaInfoFiles } from '../verify/conda-install.js'
import { writeFileAtomic } from '../workspace-files.js'

/** The subdirs a client of a Mojo workspace reads: noarch and the platforms Mojo ships for. */
export const CHANNEL_SUBDIRS = ['noarch', 'linux-64', 'linux-aarch64', 'osx-arm64']

/** A package as repodata.json lists it: its info/index.json, plus the file's name and digests. */
export type ChannelRecord = CondaIndex & { file: string; md5: string; sha256: string; size: number }

export async function channelRecord(file: string): Promise<ChannelRecord> {
  const index = (await condaInfoFiles(file)).get('info/index.json')
  if (!index) throw new Error(`${path.basename(file)} has no info/index.json`)
  const data = await fs.readFile(file)
  return {
    ...(JSON.parse(index.toString('utf8')) as CondaIndex),
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
