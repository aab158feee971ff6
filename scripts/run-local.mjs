#!/usr/bin/env node
// Runs the bundled action end to end on a workspace, outside GitHub Actions, as a runner would:
// inputs as INPUT_* variables, GITHUB_* command files and RUNNER_* folders in a temp folder, then
// the post step. Uploads are skipped (no runtime token); everything else is real.
//
//   npm run local                                   # the example workspace, Mojo from pixi.toml
//   npm run local -- path/to/workspace mojo-version=1.2.0 index-url=file:///mirror/simple
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)
const source = path.resolve(
  args.find((a) => !a.includes('=')) ?? path.join(repo, '__tests__/fixtures/workspace')
)
const inputs = {
  bundle: 'ml-odyssey',
  archives: 'benchmarks: scripts/benchmarks/** benchmarks/** README.md LICENSE\ndocs-offline.zip: site/**',
  'verify-script': 'tests/smoke_data.mojo',
  'verify-commands': 'benchmarks: ./scripts/benchmarks/run_all.sh --help',
  ...Object.fromEntries(
    args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)])
  )
}

// Work on a copy so the example stays clean; the toolchain cache persists between runs.
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mojo-package-local-'))
const workspace = path.join(home, 'workspace')
fs.cpSync(source, workspace, { recursive: true })
const toolCache = path.join(os.homedir(), '.cache', 'mojo-package-action', 'local-tool-cache')
fs.mkdirSync(toolCache, { recursive: true })
fs.mkdirSync(path.join(home, 'temp'))

const files = Object.fromEntries(
  ['OUTPUT', 'ENV', 'PATH', 'STATE', 'STEP_SUMMARY'].map((n) => [n, path.join(home, n)])
)
let status = 0
for (const step of ['main', 'post']) {
  for (const file of Object.values(files))
    if (step === 'main' || !file.endsWith('STATE')) fs.writeFileSync(file, '')
  const state = step === 'post' ? fs.readFileSync(files.STATE, 'utf8') : ''
  const env = {
    ...process.env,
    GITHUB_WORKSPACE: workspace,
    ...Object.fromEntries(Object.entries(files).map(([n, f]) => [`GITHUB_${n}`, f])),
    RUNNER_TEMP: path.join(home, 'temp'),
    RUNNER_TOOL_CACHE: toolCache,
    ...Object.fromEntries(
      [...state.matchAll(/^(\w+)<<(.+)\n([\s\S]*?)\n\2$/gm)].map((m) => [`STATE_${m[1]}`, m[3]])
    ),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v]))
  }
  const run = spawnSync(process.execPath, [path.join(repo, 'dist/index.js')], {
    cwd: workspace,
    env,
    stdio: 'inherit'
  })
  status ||= run.status ?? 1
}
console.log(`\n--- outputs (${files.OUTPUT})\n${fs.readFileSync(files.OUTPUT, 'utf8')}`)
console.log(`--- job summary: ${files.STEP_SUMMARY}\n--- built files: ${path.join(workspace, 'dist')}`)
process.exit(status)
