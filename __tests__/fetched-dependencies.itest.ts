/**
 * The bundled action on a pixi project whose package imports a git dependency its pixi.lock pins
 * (format v7 `conda_source`), the repository made here and read over file://: it is built first with
 * the locked compiler and recorded in manifest.json, INSTALL.md and the summary; the external-packages
 * input wins over it. Run `npm run build` first (`npm test` does).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { gitIn, initRepo } from './support/git-repo.js'
import { startIndexServer, type IndexServer } from './support/index-server.js'
import { runAction, runnerDirs, type ActionRun, type RunnerDirs } from './support/run-action.js'
import { removeTempDirs, tempDir, writeFiles } from './support/temp.js'

let index: IndexServer
let dirs: RunnerDirs
const TINT = 'def tint_name() -> String:\n    return "tint"\n'

beforeAll(async () => {
  index = await startIndexServer({ versions: ['1.2.0'] })
  dirs = runnerDirs()
})

afterAll(async () => {
  await index.close()
  fs.rmSync(dirs.home, { recursive: true, force: true })
  removeTempDirs()
})

/** A workspace whose package `paint` imports `tint`, which pixi.toml and pixi.lock take from `repo`. */
function workspace(repo: string, files: Record<string, string> = {}): string {
  const url = pathToFileURL(repo).href
  const commit = gitIn(repo, 'rev-parse', 'HEAD').trim()
  const platform = process.arch === 'arm64' ? 'linux-aarch64' : 'linux-64'
  return writeFiles(tempDir('paint'), {
    'pixi.toml': [
      '[workspace]',
      'name = "paint"',
      'version = "0.1.0"',
      `platforms = ["${platform}"]`,
      '',
      '[dependencies]',
      'mojo-compiler = "==1.2.0"',
      `tint = { git = "${url}", tag = "v1" }`,
      ''
    ].join('\n'),
    'pixi.lock': [
      'version: 7',
      'platforms:',
      `- name: ${platform}`,
      'environments:',
      '  default:',
      '    packages:',
      `      ${platform}:`,
      `      - conda_source: tint[0a1b2c3d] @ git+${url}?tag=v1#${commit}`,
      `      - conda: https://conda.modular.com/max/${platform}/mojo-compiler-1.2.0-release.conda`,
      'packages:',
      `- conda_source: tint[0a1b2c3d] @ git+${url}?tag=v1#${commit}`,
      '  version: 0.1.0',
      `  subdir: ${platform}`,
      `- conda: https://conda.modular.com/max/${platform}/mojo-compiler-1.2.0-release.conda`,
      `  sha256: ${'1'.repeat(64)}`,
      ''
    ].join('\n'),
    'paint/__init__.mojo':
      'from tint import tint_name\n\n\ndef paint_name() -> String:\n    return tint_name() + "ed"\n',
    ...files
  })
}

describe('a git dependency pixi.lock pins', () => {
  let repo: string
  let run: ActionRun
  let ws: string

  beforeAll(async () => {
    repo = initRepo(writeFiles(tempDir('tint'), { 'tint/__init__.mojo': TINT }), 'v1')
    ws = workspace(repo)
    run = await runAction({ workspace: ws, dirs, post: false, inputs: { 'index-url': index.url } })
  }, 900_000)

  it('is built first, and the package built against it', () => {
    expect(run.main.code).toBe(0)
    expect(run.main.stdout).toContain(
      `Fetched Mojo dependencies: tint (pixi.lock: tint @ git+${pathToFileURL(repo).href}#`
    )
  })

  it('is recorded in manifest.json and INSTALL.md with the commit a user installs', () => {
    const commit = gitIn(repo, 'rev-parse', 'HEAD').trim()
    const manifest = JSON.parse(fs.readFileSync(path.join(ws, 'dist', 'manifest.json'), 'utf8'))
    expect(manifest.externals).toEqual([
      expect.objectContaining({ import: 'tint', from: expect.stringContaining(commit) })
    ])
    const guide = fs.readFileSync(path.join(ws, 'dist', 'INSTALL.md'), 'utf8')
    expect(guide).toContain(`tint = { git = "${pathToFileURL(repo).href}", rev = "${commit}" }`)
  })

  it('is named in the job summary', () => {
    expect(run.main.summary).toContain('Mojo dependencies fetched and built against: `tint`')
  })

  it('is not fetched when the external-packages input gives it', async () => {
    const own = workspace(repo, { 'vendor/tint/__init__.mojo': TINT })
    const given = await runAction({
      workspace: own,
      dirs,
      post: false,
      inputs: { 'index-url': index.url, 'external-packages': 'vendor/tint' }
    })
    expect(given.main.code).toBe(0)
    expect(given.main.stdout).not.toContain('Fetched Mojo dependencies')
    expect(given.main.stdout).toContain('External packages: tint (external-packages: vendor/tint)')
  }, 900_000)
})
