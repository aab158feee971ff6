#!/usr/bin/env node
// Runs the action built from the current sources (not the committed dist/) end to end on a workspace,
// outside GitHub Actions, as a runner would: inputs as INPUT_* variables, GITHUB_* command files and
// RUNNER_* folders in a temp folder, then the post step. Uploads are skipped (no runtime token);
// everything else is real. Prints the main step's outputs, where its job summary is, and the built files.
//
//   ./scripts/local                                  # the example workspace, Mojo from pixi.toml
//   ./scripts/local path/to/workspace mojo-version=1.2.0 index-url=file:///mirror/simple
//
// ./scripts/local (or `npm run local --`) installs Node 24 and the npm dependencies first, then runs this file.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

if (Number(process.versions.node.split('.')[0]) < 24) {
  console.error(
    `The action runs on Node 24; this is Node ${process.version}. Run ./scripts/local, which installs it.`
  )
  process.exit(1)
}

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
const cache = process.env.MOJO_ACTION_TEST_CACHE || path.join(os.homedir(), '.cache', 'mojo-package-action')
const toolCache = path.join(cache, 'local-tool-cache')
fs.mkdirSync(toolCache, { recursive: true })
fs.mkdirSync(path.join(home, 'temp'))

// The current sources, bundled as `npm run build` does.
const action = path.join(home, 'action')
const bundled = spawnSync(process.execPath, [path.join(repo, 'scripts/bundle.mjs'), action], {
  cwd: repo,
  stdio: 'inherit'
})
if (bundled.status !== 0) process.exit(bundled.status ?? 1)

const files = Object.fromEntries(
  ['OUTPUT', 'ENV', 'PATH', 'STATE', 'STEP_SUMMARY'].map((n) => [n, path.join(home, n)])
)
// A command file as @actions/core writes it: `name<<delimiter`, the value's lines, `delimiter`.
function readCommandFile(file) {
  const entries = fs.readFileSync(file, 'utf8').matchAll(/^([^<\n]+)<<(.+)\n([\s\S]*?)\n\2$/gm)
  return Object.fromEntries(Array.from(entries, (m) => [m[1], m[3]]))
}

// Each step gets fresh command files, as on a runner; `extra` carries the main step's state to the post step.
function step(entry, extra) {
  for (const file of Object.values(files)) fs.writeFileSync(file, '')
  const env = {
    ...process.env,
    GITHUB_WORKSPACE: workspace,
    ...Object.fromEntries(Object.entries(files).map(([n, f]) => [`GITHUB_${n}`, f])),
    RUNNER_TEMP: path.join(home, 'temp'),
    RUNNER_TOOL_CACHE: toolCache,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
    ...extra
  }
  const run = spawnSync(process.execPath, [path.join(action, entry)], {
    cwd: workspace,
    env,
    stdio: 'inherit'
  })
  return run.status ?? 1
}

const mainStatus = step('index.js', {})
const outputs = readCommandFile(files.OUTPUT)
// Kept before the post step, which gets fresh command files (a summary of its own, as on a runner).
const summaryFile = path.join(home, 'summary.md')
fs.copyFileSync(files.STEP_SUMMARY, summaryFile)
const state = Object.entries(readCommandFile(files.STATE)).map(([name, value]) => [`STATE_${name}`, value])
const postStatus = step('post.js', Object.fromEntries(state))

console.log('\n--- outputs')
for (const [name, value] of Object.entries(outputs)) console.log(`${name}=${value}`)
// The summary is markdown for GitHub to render: its path, and its verdict line (the first).
const verdict = fs.readFileSync(summaryFile, 'utf8').split('\n')[0].replace(/^## /, '')
console.log(`--- job summary (markdown): ${summaryFile}\n${verdict}`)
// The manifest output sits in output-dir: list what the action wrote there.
if (outputs.manifest) {
  const outputDir = path.join(workspace, path.dirname(outputs.manifest))
  console.log(`--- built files (${outputDir})`)
  for (const file of fs.readdirSync(outputDir).sort()) console.log(file)
}
process.exit(mainStatus || postStatus)
