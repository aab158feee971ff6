import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeManifest } from '../../src/assemble/manifest.js'
import { ARTIFACT_KINDS } from '../../src/types.js'
import { checkOutputDir } from '../../src/assemble/output-dir.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'
import { dummyPackage } from './support.js'

afterAll(removeTempDirs)

/** A workspace with a package folder (tools/) and a README. */
function workspace(): string {
  return writeFiles(path.join(tempDir('ws'), 'ws'), {
    'README.md': '# project\n',
    'tools/mojo.toml': '[package]\nname = "tools"\n',
    'tools/tools/__init__.mojo': 'fn f(): pass\n'
  })
}

/** Every path under `dir` with its contents (or `<folder>` / `-> target`), to prove nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const rel of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, rel)
    const stat = fs.lstatSync(full)
    out[rel] = stat.isSymbolicLink()
      ? `-> ${fs.readlinkSync(full)}`
      : stat.isDirectory()
        ? '<folder>'
        : fs.readFileSync(full, 'utf8')
  }
  return out
}

const target = (ws: string, rel: string): Parameters<typeof checkOutputDir>[0] => ({
  workspace: ws,
  outputDir: path.resolve(ws, rel),
  packageDirs: [path.join(ws, 'tools')]
})

async function refusal(ws: string, rel: string): Promise<string> {
  const before = snapshot(ws)
  const error = await checkOutputDir(target(ws, rel)).then(
    () => undefined,
    (e: Error) => e
  )
  expect(snapshot(ws)).toEqual(before)
  if (error === undefined) throw new Error(`output-dir '${rel}' was accepted`)
  return error.message
}

/** An earlier output of the action in `ws/dist`. */
async function earlierOutput(ws: string): Promise<string> {
  const dist = path.join(ws, 'dist')
  fs.mkdirSync(dist)
  await writeManifest(dist, { mojo: '1.2.0', version: '0.1.0', artifacts: [dummyPackage(dist, 'data')] })
  writeFiles(dist, { SHA256SUMS: 'x', 'INSTALL.md': 'y' })
  return dist
}

describe('checkOutputDir', () => {
  it('refuses the workspace itself', async () => {
    expect(await refusal(workspace(), '.')).toBe(
      "Input 'output-dir': '.' is the workspace itself: replacing it with the built files would delete the repository; set output-dir to a folder of its own, e.g. dist."
    )
  })

  it('refuses a symbolic link to a folder holding the workspace', async () => {
    const ws = workspace()
    fs.symlinkSync(path.dirname(ws), path.join(ws, 'up'))
    expect(await refusal(ws, 'up')).toContain("'up' contains the workspace")
  })

  it('refuses a folder reached through a link out of the repository, writing nothing there', async () => {
    const ws = workspace()
    const elsewhere = tempDir('elsewhere')
    fs.symlinkSync(elsewhere, path.join(ws, 'out'))
    expect(await refusal(ws, 'out/dist')).toBe(
      `Input 'output-dir': 'out/dist' resolves to ${fs.realpathSync(elsewhere)}/dist, outside the repository, through a symbolic link; set output-dir to a folder of its own, e.g. dist.`
    )
    expect(fs.readdirSync(elsewhere)).toEqual([])
  })

  it('refuses a package folder', async () => {
    expect(await refusal(workspace(), 'tools')).toContain(
      "'tools' contains the package folder 'tools': replacing it would delete its sources"
    )
  })

  it('refuses a folder inside a package folder', async () => {
    expect(await refusal(workspace(), 'tools/out')).toContain(
      "'tools/out' is inside the package folder 'tools'"
    )
  })

  it('refuses a file', async () => {
    expect(await refusal(workspace(), 'README.md')).toContain(
      "'README.md' is a file: the action replaces output-dir with a folder of built files, so it would be deleted"
    )
  })

  it('refuses a symbolic link', async () => {
    const ws = workspace()
    fs.mkdirSync(path.join(ws, 'real'))
    fs.symlinkSync('real', path.join(ws, 'dist'))
    expect(await refusal(ws, 'dist')).toContain("'dist' is a symbolic link")
  })

  it('refuses a folder of the user files', async () => {
    const ws = writeFiles(workspace(), { 'docs/a.md': 'a', 'docs/img/b.png': 'b' })
    expect(await refusal(ws, 'docs')).toBe(
      `Input 'output-dir': 'docs' holds files this action did not write ("a.md", "img/"); it replaces output-dir as a whole, so they would be deleted. Move them elsewhere, or set output-dir to a folder of its own, e.g. dist.`
    )
  })

  it('refuses a folder whose manifest.json is not one the action wrote', async () => {
    const ws = writeFiles(workspace(), { 'web/manifest.json': '{"name": "app", "icons": []}' })
    expect(await refusal(ws, 'web')).toContain('("manifest.json")')
  })

  it('refuses an earlier output plus one stray user file', async () => {
    const ws = workspace()
    writeFiles(await earlierOutput(ws), { 'notes.txt': 'mine' })
    expect(await refusal(ws, 'dist')).toContain('did not write ("notes.txt")')
  })

  it('accepts a folder that does not exist yet', async () => {
    await expect(checkOutputDir(target(workspace(), 'dist'))).resolves.toBeUndefined()
  })

  it('accepts an empty folder', async () => {
    const ws = workspace()
    fs.mkdirSync(path.join(ws, 'dist'))
    await expect(checkOutputDir(target(ws, 'dist'))).resolves.toBeUndefined()
  })

  it('accepts an earlier output of the action', async () => {
    const ws = workspace()
    await earlierOutput(ws)
    await expect(checkOutputDir(target(ws, 'dist'))).resolves.toBeUndefined()
  })

  it('accepts an earlier output holding a temporary file of a write a killed run did not finish', async () => {
    const ws = workspace()
    const dist = await earlierOutput(ws)
    fs.writeFileSync(path.join(dist, '.manifest.json.tmp-0a1b2c3d'), '{"mojo": "1.2.0", "vers')
    await expect(checkOutputDir(target(ws, 'dist'))).resolves.toBeUndefined()
  })

  it('accepts an earlier output holding every kind of file the action writes', async () => {
    const ws = workspace()
    const dist = await earlierOutput(ws)
    const data = dummyPackage(dist, 'data')
    const artifacts = ARTIFACT_KINDS.map((kind) => ({ ...data, kind, file: `data-0.1.0.${kind}` }))
    for (const a of artifacts) writeFiles(dist, { [a.file]: 'x' })
    await writeManifest(dist, { mojo: '1.2.0', version: '0.1.0', artifacts: [data, ...artifacts] })
    await expect(checkOutputDir(target(ws, 'dist'))).resolves.toBeUndefined()
  })
})
