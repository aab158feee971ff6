/**
 * The checks that make a matrix's cells one release, on small cell folders written as the main step
 * writes its output-dir (manifest.json with writeManifest, SHA256SUMS with writeChecksums).
 */
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { writeChecksums } from '../../src/assemble/checksums.js'
import { writeManifest } from '../../src/assemble/manifest.js'
import { fileDigest } from '../../src/digest.js'
import { readCells } from '../../src/merge/cells.js'
import { chooseWheelsMojo, planMerge } from '../../src/merge/merge-plan.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs, tempDir } from '../support/temp.js'

afterAll(removeTempDirs)

interface CellSpec {
  mojo: string
  version?: string
  /** File name -> its bytes. */
  files?: Record<string, string>
}

/** A cell folder: a .mojoc per file given (default one `greet` package), manifest.json, SHA256SUMS, INSTALL.md. */
async function writeCell(root: string, name: string, spec: CellSpec): Promise<string> {
  const dir = path.join(root, name)
  fs.mkdirSync(dir, { recursive: true })
  const version = spec.version ?? '0.1.0'
  const files = spec.files ?? { [`greet-${version}.mojoc`]: `greet for ${spec.mojo}` }
  const artifacts: Artifact[] = []
  for (const [file, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, file), text)
    const name = file.split('-')[0]
    const digest = await fileDigest(path.join(dir, file))
    artifacts.push({ kind: 'package', name, import: name, version, file, mojo: spec.mojo, ...digest })
  }
  await writeChecksums(dir, artifacts)
  await writeManifest(dir, { mojo: spec.mojo, version, artifacts })
  fs.writeFileSync(path.join(dir, 'INSTALL.md'), `# greet for ${spec.mojo}\n`)
  return dir
}

async function cellsRoot(cells: Record<string, CellSpec>): Promise<string> {
  const root = tempDir('cells')
  for (const [name, spec] of Object.entries(cells)) await writeCell(root, name, spec)
  return root
}

describe('readCells', () => {
  it('refuses a file whose sha256 is not the one SHA256SUMS lists, naming the cell and the file', async () => {
    const root = await cellsRoot({ 'cell-1.2.0-linux': { mojo: '1.2.0' } })
    fs.appendFileSync(path.join(root, 'cell-1.2.0-linux', 'greet-0.1.0.mojoc'), 'changed')
    await expect(readCells(root)).rejects.toThrow(
      /Cell cell-1\.2\.0-linux: greet-0\.1\.0\.mojoc has sha256 [0-9a-f]{64}, SHA256SUMS lists/
    )
  })

  it.each(['../b/greet-0.1.0.mojoc', '/etc/passwd', '.git/config'])(
    'refuses a SHA256SUMS line naming %s, not a file of the cell',
    async (file) => {
      const root = await cellsRoot({ a: { mojo: '1.2.0' } })
      fs.appendFileSync(path.join(root, 'a', 'SHA256SUMS'), `${'0'.repeat(64)}  ${file}\n`)
      await expect(readCells(root)).rejects.toThrow(
        `Cell a: SHA256SUMS lists '${file}', not a plain file name.`
      )
    }
  )

  it('refuses a SHA256SUMS line it cannot read, naming the cell and showing the line escaped', async () => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    fs.appendFileSync(path.join(root, 'a', 'SHA256SUMS'), '::add-mask::x\x1b[31m\n')
    await expect(readCells(root)).rejects.toThrow(
      "Cell a: SHA256SUMS: cannot read the line '\\x3a:add-mask::x\\x1b[31m'."
    )
  })

  it('refuses a listed file that links out of the cell, naming the link', async () => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    const outside = path.join(tempDir('outside'), 'secret')
    fs.writeFileSync(outside, 'greet for 1.2.0')
    const file = path.join(root, 'a', 'greet-0.1.0.mojoc')
    fs.rmSync(file)
    fs.symlinkSync(outside, file)
    await expect(readCells(root)).rejects.toThrow(
      /greet-0\.1\.0\.mojoc: the file of a merged cell resolves to .*outside/
    )
  })

  it('refuses a listed file that is a FIFO instead of reading it (which would hang)', async () => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    const file = path.join(root, 'a', 'greet-0.1.0.mojoc')
    fs.rmSync(file)
    execFileSync('mkfifo', [file])
    await expect(readCells(root)).rejects.toThrow(/greet-0\.1\.0\.mojoc: .*not a regular file/)
  })

  it('refuses an INSTALL.md that links out of the cell (the merge ships it)', async () => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    const guide = path.join(root, 'a', 'INSTALL.md')
    fs.rmSync(guide)
    fs.symlinkSync('/etc/passwd', guide)
    await expect(readCells(root)).rejects.toThrow(
      /INSTALL\.md: the file of a merged cell resolves to \/etc\/passwd/
    )
  })

  it('refuses a manifest.json whose compiler is a path, which would name a folder outside the release', async () => {
    const root = await cellsRoot({ a: { mojo: '../../escape' } })
    await expect(readCells(root)).rejects.toThrow(
      "Cell a: manifest.json names the compiler '../../escape', not a Mojo version"
    )
  })

  it.each([
    ['platform', 'linux\n::add-mask::x'],
    ['version', '0.1.0 | <img src=x>']
  ])('refuses a manifest.json whose %s would inject a line or markup', async (field, value) => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    const file = path.join(root, 'a', 'manifest.json')
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), [field]: value }))
    await expect(readCells(root)).rejects.toThrow(`Cell a: manifest.json gives the ${field} '`)
  })

  it('takes the platform from manifest.json', async () => {
    const root = await cellsRoot({ a: { mojo: '1.2.0' } })
    const [cell] = await readCells(root)
    expect(cell.platform).toBe(
      JSON.parse(fs.readFileSync(path.join(root, 'a', 'manifest.json'), 'utf8')).platform
    )
  })
})

describe('planMerge', () => {
  it('refuses cells that ship other versions, naming the cells of each', async () => {
    const root = await cellsRoot({
      'cell-a': { mojo: '1.1.0' },
      'cell-b': { mojo: '1.2.0' },
      'cell-c': { mojo: '1.2.0', version: '0.2.0' }
    })
    const cells = await readCells(root)
    expect(() => planMerge(cells, 'newest')).toThrow(
      'cells cell-a, cell-b: version 0.1.0: greet 0.1.0; cell cell-c: version 0.2.0: greet 0.2.0'
    )
  })

  it('refuses two different files under one name from cells of one compiler', async () => {
    const root = await cellsRoot({ linux: { mojo: '1.2.0' }, macos: { mojo: '1.2.0' } })
    fs.writeFileSync(path.join(root, 'macos', 'greet-0.1.0.mojoc'), 'other bytes')
    await writeChecksums(path.join(root, 'macos'), [
      {
        kind: 'package',
        name: 'greet',
        version: '0.1.0',
        file: 'greet-0.1.0.mojoc',
        ...(await fileDigest(path.join(root, 'macos', 'greet-0.1.0.mojoc')))
      }
    ])
    const manifestFile = path.join(root, 'macos', 'manifest.json')
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'))
    manifest.artifacts[0].sha256 = (await fileDigest(path.join(root, 'macos', 'greet-0.1.0.mojoc'))).sha256
    fs.writeFileSync(manifestFile, JSON.stringify(manifest))
    const cells = await readCells(root)
    expect(() => planMerge(cells, 'newest')).toThrow(
      /Two different files under one name: greet-0\.1\.0\.mojoc \(Mojo 1\.2\.0\) is sha256 \w+ in cell linux and \w+ in cell macos/
    )
  })

  it('keeps one file for the cells of one compiler, with every platform, and one folder per compiler', async () => {
    const root = await cellsRoot({
      'a-1.2.0': { mojo: '1.2.0' },
      'b-1.2.0': { mojo: '1.2.0' },
      'c-1.1.0': { mojo: '1.1.0' }
    })
    const cells = await readCells(root)
    cells[1].platform = 'darwin-arm64'
    const plan = planMerge(cells, 'newest')
    expect(plan.compilers).toEqual(['1.1.0', '1.2.0'])
    const mojoc = plan.files.filter((f) => f.kind === 'package')
    expect(mojoc.map((f) => [f.file, f.platforms])).toEqual([
      ['mojo-1.1.0/greet-0.1.0.mojoc', [cells[2].platform]],
      ['mojo-1.2.0/greet-0.1.0.mojoc', [cells[0].platform, 'darwin-arm64']]
    ])
  })
})

describe('chooseWheelsMojo', () => {
  it('takes the newest compiler by PEP 440 order, or the one named', () => {
    expect(chooseWheelsMojo(['1.2.0', '0.26.2.0', '1.10.0'], 'newest')).toBe('1.10.0')
    expect(chooseWheelsMojo(['1.2.0', '1.1.0'], '1.1')).toBe('1.1.0')
  })

  it('refuses a compiler that is not in the matrix, naming those that are', () => {
    expect(() => chooseWheelsMojo(['1.1.0', '1.2.0'], '1.0.0')).toThrow(
      "Input 'wheels-mojo-version': '1.0.0' is not a compiler of the matrix (1.1.0, 1.2.0)"
    )
  })
})
