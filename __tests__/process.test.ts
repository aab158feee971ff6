import { afterAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import fs from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { ownEnv } from '../src/child-env.js'
import { describeExit, runProcess, succeeded } from '../src/process.js'
import { repoRoot } from './support/run-action.js'
import { removeTempDirs, tempDir } from './support/temp.js'

afterAll(removeTempDirs)

const env = ownEnv({ PATH: '/usr/bin:/bin' })
const LONG = 10 * 60_000

// Each test's own jest timeout is the guard: a run that does not settle fails the test instead of hanging.
describe('runProcess', () => {
  it('settles at once, naming the program, when the program does not exist', async () => {
    const result = await runProcess(['no-such-program-here'], { env, timeoutMs: LONG })
    expect([result.code, succeeded(result), describeExit(result)]).toEqual([
      null,
      false,
      "'no-such-program-here' was not found (is it installed, and on PATH?)"
    ])
  }, 10_000)

  it('leaves no timer behind when spawning fails', async () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    await runProcess(['no-such-program-here'], { env, timeoutMs: LONG })
    expect(timers()).toBe(before)
  }, 10_000)

  it('says a file that is not executable cannot be run', async () => {
    const script = path.join(tempDir('noexec'), 'run.sh')
    fs.writeFileSync(script, '#!/bin/sh\necho hi\n', { mode: 0o644 })
    const result = await runProcess([script], { env, timeoutMs: LONG })
    expect(describeExit(result)).toBe(
      `'${script}' is not executable (chmod +x it, or run it with its interpreter)`
    )
  }, 10_000)

  it('settles with a reason when Node refuses the arguments outright', async () => {
    const result = await runProcess(['echo', 'a\0b'], { env, timeoutMs: LONG })
    expect(result.spawnError).toContain("'echo' could not be started")
  }, 10_000)

  it('stops a child that runs past its limit and names the input that sets it', async () => {
    const result = await runProcess(['sleep', '30'], { env, timeoutMs: 200, limitName: 'compile-timeout' })
    expect([result.timedOut, succeeded(result)]).toEqual([true, false])
    expect(describeExit(result, { timeoutMs: 200, limitName: 'compile-timeout' })).toBe(
      "was stopped after running past its time limit of 0.2 s; raise 'compile-timeout' if it needs longer"
    )
  }, 10_000)

  it('names SIGILL and what it means for Mojo', async () => {
    const result = await runProcess(['sh', '-c', 'kill -ILL $$'], { env, timeoutMs: LONG })
    expect(describeExit(result)).toMatch(/^killed by SIGILL \(an illegal instruction: .*x86-64-v3/)
  }, 10_000)

  it('says a SIGKILL is most often the runner running out of memory', async () => {
    const result = await runProcess(['sh', '-c', 'kill -KILL $$'], { env, timeoutMs: LONG })
    expect(describeExit(result)).toContain(
      'killed by SIGKILL (killed from outside, most often by the kernel when the runner ran out of memory)'
    )
  }, 10_000)

  it('passes the exit code through', async () => {
    const result = await runProcess(['sh', '-c', 'exit 3'], { env, timeoutMs: LONG })
    expect([result.code, describeExit(result)]).toEqual([3, 'exit code 3'])
  }, 10_000)

  it('captures stdout and stderr apart, and both in the interleaved output', async () => {
    const result = await runProcess(['sh', '-c', 'echo out; echo err >&2'], { env, timeoutMs: LONG })
    expect([result.stdout, result.stderr, result.output.split('\n').sort()]).toEqual([
      'out\n',
      'err\n',
      ['', 'err', 'out']
    ])
  }, 10_000)

  it('gives the child only the environment it is passed', async () => {
    process.env.MOJO_ACTION_TEST_SECRET = 'leak'
    try {
      const result = await runProcess(['/usr/bin/env'], { env: ownEnv({ ONLY: 'this' }), timeoutMs: LONG })
      expect(result.stdout).toBe('ONLY=this\n')
    } finally {
      delete process.env.MOJO_ACTION_TEST_SECRET
    }
  }, 10_000)

  it('keeps at most maxOutput characters of a stream', async () => {
    const result = await runProcess(['sh', '-c', 'head -c 100000 /dev/zero | tr "\\0" x'], {
      env,
      timeoutMs: LONG,
      maxOutput: 1000
    })
    expect([result.code, result.stdout.length, result.output.length]).toEqual([0, 1000, 2000])
  }, 10_000)

  it('returns when the child exits, though a background grandchild still holds its output', async () => {
    const result = await runProcess(['sh', '-c', 'sleep 40 & echo hi'], { env, timeoutMs: LONG })
    expect([result.code, result.stdout, result.ms < 5_000]).toEqual([0, 'hi\n', true])
  }, 10_000)

  it('leaves nothing the child started running once it returns', async () => {
    const result = await runProcess(['sh', '-c', 'sleep 40 >/dev/null 2>&1 & echo $!'], {
      env,
      timeoutMs: LONG
    })
    await expect(goneWithin(Number(result.stdout.trim()), 2_000)).resolves.toBe(true)
  }, 10_000)

  it('kills the grandchildren too when the time limit is hit', async () => {
    const result = await runProcess(['sh', '-c', 'sleep 40 & echo $!; wait'], { env, timeoutMs: 300 })
    const grandchild = Number(result.stdout.trim())
    expect([result.timedOut, result.ms < 5_000, grandchild > 0]).toEqual([true, true, true])
    await expect(goneWithin(grandchild, 2_000)).resolves.toBe(true)
  }, 10_000)

  it('kills what it started when the action itself is stopped', async () => {
    const dir = tempDir('stopped')
    const pidFile = path.join(dir, 'grandchild.pid')
    // A stand-in for the action: runProcess bundled as the action is, running a child that starts a grandchild.
    const action = path.join(dir, 'action.mjs')
    await build({
      stdin: {
        contents: [
          "import { ownEnv } from './src/child-env.ts'",
          "import { runProcess } from './src/process.ts'",
          `void runProcess(['sh', '-c', 'sleep 40 & echo $! > ${pidFile}; wait'], { env: ownEnv({ PATH: '/usr/bin:/bin' }), timeoutMs: 60_000 })`
        ].join('\n'),
        resolveDir: repoRoot,
        loader: 'ts'
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: action,
      logLevel: 'silent'
    })
    const node = spawn(process.execPath, [action], { stdio: 'ignore' })
    while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    node.kill('SIGTERM')
    const [, signal] = await once(node, 'exit')
    expect(signal).toBe('SIGTERM')
    await expect(goneWithin(Number(fs.readFileSync(pidFile, 'utf8')), 2_000)).resolves.toBe(true)
  }, 20_000)
})

/** Whether `pid` has ended (or is a zombie nobody reaps yet) within `ms`. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  for (;;) {
    let state: string | undefined
    try {
      state = /\) (\S)/.exec(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1]
    } catch {
      return true
    }
    if (state === 'Z') return true
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
