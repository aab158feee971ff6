/**
 * The one way the action runs a child process: argv (never a shell), an environment from child-env.ts,
 * output captured (not echoed), a time limit, and a result in every case: a program that cannot be
 * started, a child that runs past its limit and one killed by a signal all resolve with a reason to show.
 * Nothing a child starts outlives it: it runs in its own process group, which is killed when the run
 * settles, and a run settles soon after the child exits even if a grandchild still holds its output.
 *
 * Not built on `@actions/exec`: it echoes every command line into the log (`[command]...`) where
 * the runner reads workflow commands, and it has no time limit.
 */
import { spawn } from 'node:child_process'
import type { ChildEnv } from './child-env.js'

export interface RunOptions {
  cwd?: string
  /** The child's whole environment (see child-env.ts): nothing is inherited that is not here. */
  env: ChildEnv
  /** Kill the child (and fail) after this long. */
  timeoutMs: number
  /** What the limit is called in the message, so the user knows what to raise (`compile-timeout`). */
  limitName?: string
  /** Keep at most this many characters of each stream (and twice that of the interleaved output). */
  maxOutput?: number
}

export interface RunResult {
  /** Exit code; null when the child was killed or never started. */
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** stdout and stderr interleaved as the child wrote them. */
  output: string
  timedOut: boolean
  /** Set when the program could not be started (not found, not executable). */
  spawnError?: string
  /** The child's run time. */
  ms: number
}

/** What a fatal signal usually means, for messages. */
const SIGNAL_MEANING: Partial<Record<NodeJS.Signals, string>> = {
  SIGILL:
    'an illegal instruction: the CPU lacks an instruction the program needs (Mojo needs an x86-64-v3 CPU with AVX2, BMI2 and FMA, or ARM64)',
  SIGKILL: 'killed from outside, most often by the kernel when the runner ran out of memory',
  SIGSEGV: 'a crash (segmentation fault) in the program',
  SIGBUS: 'a crash (bus error), often a file changed or truncated while it was in use',
  SIGABRT: 'the program aborted itself after an internal error',
  SIGTERM: 'asked to stop, usually because the job was cancelled'
}

const DEFAULT_MAX_OUTPUT = 4 << 20

/**
 * How long the output pipes may stay open after the child exited. A background grandchild
 * (`sh -c 'sleep 40 &'`) inherits them; waiting for it would hold the step until it ends.
 */
const PIPE_GRACE_MS = 1_000

/** Process groups of the running children, killed if the action itself is stopped. */
const liveGroups = new Set<number>()

/** SIGKILL to the whole group `pid` leads (the child and everything it started); gone already is fine. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // ESRCH: the group has ended
  }
}

let cleanupInstalled = false

/**
 * Best effort when the action is stopped (job cancelled: SIGINT then SIGTERM; or it exits): the
 * children sit in their own process groups, so a signal to the action does not reach them.
 */
function installCleanup(): void {
  if (cleanupInstalled) return
  cleanupInstalled = true
  const killAll = (): void => liveGroups.forEach(killGroup)
  process.on('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      killAll()
      // Then die of the signal as if nobody had listened.
      process.removeListener(signal, onSignal)
      process.kill(process.pid, signal)
    }
    process.on(signal, onSignal)
  }
}

export function runProcess(argv: string[], options: RunOptions): Promise<RunResult> {
  const max = options.maxOutput ?? DEFAULT_MAX_OUTPUT
  const started = Date.now()
  return new Promise((resolve) => {
    let stdout = ''
    let stderr = ''
    let output = ''
    let timedOut = false
    let settled = false
    const keep = (kept: string, chunk: string, limit: number): string =>
      kept.length < limit ? kept + chunk.slice(0, limit - kept.length) : kept
    // Before the child exists: a signal in between would otherwise kill the action at once, leaving the
    // child running; handled, it is dispatched after this turn, when the child is in `liveGroups`.
    installCleanup()
    let child: ReturnType<typeof spawn>
    try {
      child = spawn(argv[0], argv.slice(1), {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a time limit kills everything it started, not just the child.
        detached: true
      })
    } catch (error) {
      // Arguments Node refuses outright (a NUL byte) throw instead of emitting 'error'.
      resolve({
        code: null,
        signal: null,
        stdout,
        stderr,
        output,
        timedOut,
        spawnError: spawnMessage(argv[0], error as NodeJS.ErrnoException),
        ms: 0
      })
      return
    }
    const pid = child.pid
    if (pid !== undefined) liveGroups.add(pid)
    let grace: NodeJS.Timeout | undefined
    let exited: Pick<RunResult, 'code' | 'signal'> = { code: null, signal: null }
    const finish = (result: Pick<RunResult, 'code' | 'signal' | 'spawnError'>): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      clearTimeout(grace)
      if (pid !== undefined) {
        // Whatever the child left running goes with it; the pipes are not waited for any longer.
        killGroup(pid)
        liveGroups.delete(pid)
      }
      child.stdout!.destroy()
      child.stderr!.destroy()
      resolve({ ...result, stdout, stderr, output, timedOut, ms: Date.now() - started })
    }
    // Settles once the child has exited and the pipes closed, or PIPE_GRACE_MS after it exited.
    const exitedAt = (): void => {
      grace ??= setTimeout(() => finish(exited), PIPE_GRACE_MS)
    }
    const timer = setTimeout(() => {
      timedOut = true
      if (pid !== undefined) killGroup(pid)
      // A child the kernel cannot kill at once (stuck in I/O) does not hold the step either.
      exitedAt()
    }, options.timeoutMs)
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = keep(stdout, chunk, max)
      output = keep(output, chunk, 2 * max)
    })
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = keep(stderr, chunk, max)
      output = keep(output, chunk, 2 * max)
    })
    // Spawning failed (ENOENT, EACCES): no 'close' may follow, so this settles the run and the timer.
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ code: null, signal: null, spawnError: spawnMessage(argv[0], error) })
    )
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      exitedAt()
    })
    child.on('close', (code, signal) => finish({ code, signal }))
  })
}

function spawnMessage(program: string, error: NodeJS.ErrnoException): string {
  if (error.code === 'ENOENT') return `'${program}' was not found (is it installed, and on PATH?)`
  if (error.code === 'EACCES')
    return `'${program}' is not executable (chmod +x it, or run it with its interpreter)`
  return `'${program}' could not be started: ${error.message}`
}

/** "exit code 1", "killed by SIGILL (an illegal instruction: ...)", "ran past its 600 s limit". */
export function describeExit(
  result: RunResult,
  options?: Pick<RunOptions, 'timeoutMs' | 'limitName'>
): string {
  if (result.spawnError) return result.spawnError
  if (result.timedOut) {
    const seconds = options ? options.timeoutMs / 1000 : 0
    const limit = options ? ` of ${seconds >= 1 ? Math.round(seconds) : seconds} s` : ''
    const raise = options?.limitName ? `; raise '${options.limitName}' if it needs longer` : ''
    return `was stopped after running past its time limit${limit}${raise}`
  }
  if (result.signal) {
    const meaning = SIGNAL_MEANING[result.signal]
    return `killed by ${result.signal}${meaning ? ` (${meaning})` : ''}`
  }
  return `exit code ${result.code}`
}

export const succeeded = (result: RunResult): boolean => result.code === 0 && !result.timedOut
