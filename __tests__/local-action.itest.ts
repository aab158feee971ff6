/**
 * The action under GitHub's local runner for actions (`@github/local-action`), as a newcomer runs it from
 * the repository root: `npx local-action run . src/main.ts .env --post src/post.ts`. It loads the
 * TypeScript sources with tsx (no bundle), stubs `@actions/core` and reads the inputs from the dotenv
 * file, then calls `run()` of the main entrypoint and of the post entrypoint, in one process.
 * The workspace has nothing to build (a setup step); the compiler comes from a local index on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { startIndexServer, type IndexServer } from './support/index-server.js'
import { repoRoot } from './support/run-action.js'
import { removeTempDirs, tempDir } from './support/temp.js'

interface LocalRun {
  code: number
  durationMs: number
  stdout: string
  stderr: string
}

/** Runs `npx local-action ARGS` in the repository root, with only PATH and HOME from this process. */
async function localAction(args: string[]): Promise<LocalRun> {
  const started = Date.now()
  const child = spawn('npx', ['--no-install', 'local-action', ...args], {
    cwd: repoRoot,
    env: {
      PATH: [path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      HOME: process.env.HOME,
      FORCE_COLOR: '0'
    },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => (stdout += chunk))
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? 1)))
  return { code, durationMs: Date.now() - started, stdout, stderr }
}

describe('the action under @github/local-action, main and post', () => {
  let index: IndexServer
  let run: LocalRun

  beforeAll(async () => {
    index = await startIndexServer({ versions: ['1.2.0'] })
    const workspace = tempDir('empty')
    fs.writeFileSync(
      path.join(workspace, 'pixi.toml'),
      '[workspace]\nname = "app"\n\n[dependencies]\nmojo = "==1.2.0"\n'
    )
    const runner = tempDir('runner')
    for (const dir of ['temp', 'tool-cache']) fs.mkdirSync(path.join(runner, dir))
    // local-action reads an input as INPUT_<NAME> (name upper-cased, hyphens kept), as the runner sets it.
    const dotenv = path.join(runner, '.env')
    fs.writeFileSync(
      dotenv,
      [
        `GITHUB_WORKSPACE=${workspace}`,
        `RUNNER_TEMP=${path.join(runner, 'temp')}`,
        `RUNNER_TOOL_CACHE=${path.join(runner, 'tool-cache')}`,
        `GITHUB_STEP_SUMMARY=${path.join(runner, 'summary.md')}`,
        `INPUT_INDEX-URL=${index.url}`,
        'INPUT_CACHE=false',
        ''
      ].join('\n')
    )
    run = await localAction(['run', '.', 'src/main.ts', dotenv, '--post', 'src/post.ts'])
  }, 300_000)

  afterAll(async () => {
    await index?.close()
    removeTempDirs()
  })

  it('runs the main entrypoint as a setup step, Mojo 1.2.0 on PATH', () => {
    expect(run.stdout).toMatch(/Nothing to build in .*: ran as a setup step, Mojo 1\.2\.0 is on PATH\./)
  })

  it("runs the post entrypoint's run() to its end", () => {
    // local-action prints the outputs only after the post step's run() resolved.
    const post = run.stdout.indexOf('Running Post Step')
    expect([post > 0, run.stdout.indexOf('Action Outputs') > post]).toEqual([true, true])
  })

  it('exits 0', () => {
    expect([run.code, run.stderr]).toEqual([0, ''])
  })
})
