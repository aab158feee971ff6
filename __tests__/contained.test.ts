/**
 * Every reader of the project goes through src/workspace-files.ts: a link out of the workspace (here to
 * a canary folder) is refused by each, naming the link; nothing of the canary reaches an output.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { distributions } from '../src/assemble/plan-distributions.js'
import { writeSourceArchive } from '../src/assemble/source.js'
import { WorkspaceFileError } from '../src/errors.js'
import { checkChangelog } from '../src/checklist/changelog.js'
import { checkScript } from '../src/project/check-inputs.js'
import { compilerPin } from '../src/project/compiler-pin.js'
import { loadProject } from '../src/project/project.js'
import type { PackageSpec } from '../src/project/package-spec.js'
import { dummyPackage, tarListing } from './assemble/support.js'
import { removeTempDirs, tempDir, writeFiles } from './support/temp.js'

afterEach(removeTempDirs)

const CANARY = 'CANARY-TOKEN'
const canary = () =>
  writeFiles(tempDir('canary'), {
    'secret.md': `${CANARY}\n`,
    'lib/__init__.mojo': `# ${CANARY}\n`,
    'lib/mod.mojo': `# ${CANARY}\n`
  })

/** A workspace with one package, `geo`, and a link `link` -> `target`. */
function workspace(link: string, target: string): string {
  const ws = writeFiles(path.join(tempDir('repo'), 'ws'), {
    'geo/__init__.mojo': '',
    'geo/mojo.toml': '[project]\nname = "geo"\nversion = "0.1.0"\n'
  })
  fs.mkdirSync(path.dirname(path.join(ws, link)), { recursive: true })
  fs.symlinkSync(target, path.join(ws, link))
  return ws
}

const spec = (ws: string): PackageSpec => ({
  dir: path.join(ws, 'geo'),
  relDir: 'geo',
  name: 'geo',
  import: 'geo',
  version: '0.1.0',
  requires: {},
  dependencies: [],
  verifyImports: []
})

const refusal = (link: string) => new RegExp(`^${link.replace(/[.]/g, '\\.')}: .*the link ${link} -> `)

describe('every project reader refuses a link out of the workspace', () => {
  it('a package README (it would become the wheel and conda description)', async () => {
    const ws = workspace('geo/README.md', path.join(canary(), 'secret.md'))
    const staging = tempDir('staging')
    const options = {
      specs: [spec(ws)],
      packages: [dummyPackage(staging, 'geo')],
      staging,
      mojo: '1.2.0',
      epoch: 0,
      licensing: {}
    }
    await expect(distributions(options)).rejects.toThrow(refusal('geo/README.md'))
  })

  it('a package README, already at the project stage, before any download', async () => {
    const ws = workspace('geo/README.md', '/proc/self/environ')
    const load = loadProject(
      { workspace: ws, packages: [], outputDir: 'dist', version: '', checkTag: false },
      {}
    )
    await expect(load).rejects.toThrow(refusal('geo/README.md'))
  })

  it('.mojo-version (its text would reach an annotation)', () => {
    const ws = workspace('.mojo-version', path.join(canary(), 'secret.md'))
    const pin = () =>
      compilerPin({ workspace: ws, mojoVersion: '', mojoVersionFile: '', pixiEnvironment: '' })
    expect(pin).toThrow(WorkspaceFileError)
    expect(pin).toThrow(refusal('.mojo-version'))
  })

  it('CHANGELOG.md (its section would reach the summary and INSTALL.md)', async () => {
    const ws = workspace('CHANGELOG.md', path.join(canary(), 'secret.md'))
    await expect(checkChangelog(ws, '', '0.1.0')).rejects.toThrow(refusal('CHANGELOG.md'))
  })

  it('a verify-script', () => {
    const ws = workspace('check.mojo', path.join(canary(), 'lib', 'mod.mojo'))
    expect(() => checkScript(ws, 'check.mojo')).toThrow(refusal('check.mojo'))
  })

  it('a package folder the packages input names', async () => {
    const ws = workspace('vendored', path.join(canary(), 'lib'))
    const load = loadProject(
      { workspace: ws, packages: ['vendored'], outputDir: 'dist', version: '', checkTag: false },
      {}
    )
    await expect(load).rejects.toThrow(refusal('vendored'))
  })

  it('a linked module inside a package: refused when it leaves, at the project stage', async () => {
    const ws = workspace('geo/mod.mojo', path.join(canary(), 'lib', 'mod.mojo'))
    const load = loadProject(
      { workspace: ws, packages: [], outputDir: 'dist', version: '', checkTag: false },
      {}
    )
    await expect(load).rejects.toThrow(refusal('geo/mod.mojo'))
  })

  it('a linked module inside a package: shipped when it stays inside, not dropped', async () => {
    const ws = workspace('geo/shapes.mojo', '../common/shapes.mojo')
    writeFiles(ws, { 'common/shapes.mojo': 'def area() -> Int:\n    return 1\n' })
    const out = tempDir('out')
    const artifact = await writeSourceArchive(spec(ws), { outDir: out, epoch: 0 })
    expect(await tarListing(path.join(out, artifact.file))).toContain('-rw-r--r-- 0/0 geo/shapes.mojo')
  })
})
