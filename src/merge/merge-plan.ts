/**
 * What the merged release holds, planned from the cells alone (pure): the checks that make the cells one
 * release, and where each of their files goes.
 *
 * - Every cell must ship the same packages at the same versions.
 * - Cells of one compiler (they differ only by runner platform) built the same noarch files: one file
 *   name must have one sha256 among them, and the file is kept once, with every platform it was built
 *   and verified on.
 * - Conda packages go to the channel (`channel/noarch/`), where their names carry the compiler; every
 *   other file of a compiler goes to `mojo-<version>/` (a .mojoc or a wheel has one name for every
 *   compiler), and the wheels of the one compiler chosen for PyPI also to `wheels/`.
 */
import path from 'node:path'
import * as pep440 from '@renovatebot/pep440'
import { BuildError, InputError } from '../errors.js'
import { untrusted } from '../log.js'
import type { ArtifactKind, Verification } from '../types.js'
import type { Cell } from './cells.js'

export const CHANNEL_DIR = 'channel'
export const WHEELS_DIR = 'wheels'
export const compilerDir = (mojo: string): string => `mojo-${mojo}`

/** One file of the merged release. */
export interface ReleaseFile {
  /** Path inside the release folder, `/`-separated. */
  file: string
  /** Absolute: the file in the first cell that has it. */
  from: string
  kind: ArtifactKind | 'guide'
  name: string
  version: string
  sha256: string
  size: number
  /** The compiler that built it; absent for what every compiler shares. */
  mojo?: string
  /** Import name (packages, wheels, conda packages). */
  import?: string
  /** Bundles: what they hold. */
  contents?: string[]
  /** The platforms of the cells that built it, and of those whose verification passed. */
  platforms: string[]
  verified: string[]
  /** A failed verification in a cell: `platform: reason`. */
  failures?: string[]
}

export interface MergePlan {
  version: string
  /** Every compiler of the matrix, oldest first. */
  compilers: string[]
  /** The compiler whose wheels go to PyPI. */
  wheelsMojo: string
  /** Every cell's name and platform, by compiler. */
  cells: Array<{ name: string; mojo: string; platform: string }>
  files: ReleaseFile[]
}

/** What a cell ships, as one comparable line: its version and each package's name and version. */
function shipped(cell: Cell): string {
  const packages = cell.manifest.artifacts
    .filter((a) => a.kind === 'package')
    .map((a) => `${a.name} ${a.version}`)
    .sort()
  return `version ${cell.manifest.version}: ${packages.length > 0 ? packages.join(', ') : 'no packages'}`
}

function checkSamePackages(cells: Cell[]): void {
  const groups = new Map<string, string[]>()
  for (const cell of cells) groups.set(shipped(cell), [...(groups.get(shipped(cell)) ?? []), cell.name])
  if (groups.size <= 1) return
  const lines = [...groups].map(
    ([what, names]) => `cell${names.length > 1 ? 's' : ''} ${names.join(', ')}: ${what}`
  )
  throw new BuildError(
    untrusted(
      `The cells do not ship the same packages and versions, so they are not one release (${lines.join('; ')}). ` +
        'Build every cell from the same commit and inputs.'
    )
  )
}

/** The compiler chosen for PyPI: `newest`, or one of the matrix's. */
export function chooseWheelsMojo(compilers: string[], wanted: string): string {
  if (wanted === '' || wanted === 'newest') return [...compilers].sort(pep440.compare).at(-1)!
  const found = compilers.find((v) => pep440.valid(wanted) && pep440.eq(v, wanted))
  if (found === undefined) {
    throw new InputError(
      'wheels-mojo-version',
      `'${untrusted(wanted)}' is not a compiler of the matrix (${compilers.join(', ')}); name one of them, or 'newest'.`
    )
  }
  return found
}

/** The release files of one compiler's cells, each file name once (refused when its bytes differ). */
function compilerFiles(mojo: string, cells: Cell[]): ReleaseFile[] {
  const byName = new Map<string, ReleaseFile & { cell: string }>()
  for (const cell of cells) {
    for (const a of cell.manifest.artifacts) {
      const file = a.file!
      const ok = (a.verification as Verification | undefined)?.ok === true
      const failure =
        a.verification && !a.verification.ok ? [`${cell.platform}: ${a.verification.reason}`] : []
      const seen = byName.get(file)
      if (seen === undefined) {
        byName.set(file, {
          file: a.kind === 'conda' ? `${CHANNEL_DIR}/noarch/${file}` : `${compilerDir(mojo)}/${file}`,
          from: path.join(cell.dir, file),
          kind: a.kind!,
          name: a.name!,
          version: a.version!,
          sha256: a.sha256!,
          size: a.size!,
          mojo,
          ...(a.import ? { import: a.import } : {}),
          ...(a.contents ? { contents: a.contents } : {}),
          platforms: [cell.platform],
          verified: ok ? [cell.platform] : [],
          ...(failure.length > 0 ? { failures: failure } : {}),
          cell: cell.name
        })
        continue
      }
      if (seen.sha256 !== a.sha256) {
        throw new BuildError(
          untrusted(
            `Two different files under one name: ${file} (Mojo ${mojo}) is sha256 ${seen.sha256} in cell ${seen.cell} and ` +
              `${a.sha256} in cell ${cell.name}. Cells of one compiler must build the same bytes (a noarch package); ` +
              'build them from the same commit with the same SOURCE_DATE_EPOCH.'
          )
        )
      }
      seen.platforms.push(cell.platform)
      if (ok) seen.verified.push(cell.platform)
      if (failure.length > 0) seen.failures = [...(seen.failures ?? []), ...failure]
    }
  }
  return [...byName.values()].map(({ cell: _cell, ...file }) => file)
}

/** Refuses two cells' files that would land at one release path with different bytes. */
function checkOnePerPath(files: ReleaseFile[]): void {
  const seen = new Map<string, ReleaseFile>()
  for (const f of files) {
    const other = seen.get(f.file)
    if (other !== undefined && other.sha256 !== f.sha256) {
      throw new BuildError(
        untrusted(
          `Two different files under one name: ${f.file} is built by Mojo ${other.mojo} (sha256 ${other.sha256}) and ` +
            `by Mojo ${f.mojo} (sha256 ${f.sha256}); a conda package's build string must name its compiler.`
        )
      )
    }
    seen.set(f.file, f)
  }
}

export function planMerge(cells: Cell[], wheelsMojoInput: string): MergePlan {
  checkSamePackages(cells)
  const compilers = [...new Set(cells.map((c) => c.manifest.mojo))].sort(pep440.compare)
  const wheelsMojo = chooseWheelsMojo(compilers, wheelsMojoInput)
  const files: ReleaseFile[] = []
  for (const mojo of compilers) {
    const group = cells.filter((c) => c.manifest.mojo === mojo)
    const built = compilerFiles(mojo, group)
    files.push(...built)
    // The cell's own guide: it explains the files of its folder, by the names they have there.
    files.push({
      file: `${compilerDir(mojo)}/INSTALL.md`,
      from: path.join(group[0].dir, 'INSTALL.md'),
      kind: 'guide',
      name: 'INSTALL',
      version: cells[0].manifest.version,
      sha256: '',
      size: 0,
      mojo,
      platforms: group.map((c) => c.platform),
      verified: []
    })
    if (mojo === wheelsMojo) {
      files.push(
        ...built
          .filter((f) => f.kind === 'wheel')
          .map((f) => ({ ...f, file: `${WHEELS_DIR}/${path.basename(f.file)}` }))
      )
    }
  }
  checkOnePerPath(files)
  return {
    version: cells[0].manifest.version,
    compilers,
    wheelsMojo,
    cells: cells.map((c) => ({ name: c.name, mojo: c.manifest.mojo, platform: c.platform })),
    files
  }
}
