/** Runs one verification child: argv (never a shell), an explicit environment, output captured. */
import { spawn } from 'node:child_process'

export interface RunResult {
  /** Exit code, or null when a signal ended the child. */
  code: number | null
  signal: NodeJS.Signals | null
  /** stdout and stderr interleaved as the child wrote them. */
  output: string
}

export interface RunOptions {
  cwd: string
  env: Record<string, string>
  /** Kill the child after this long; a hung check must not hang the job. */
  timeoutMs?: number
}

const MAX_OUTPUT = 1 << 20

export function runChild(argv: string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 10 * 60_000,
      killSignal: 'SIGKILL'
    })
    let output = ''
    const collect = (chunk: Buffer): void => {
      if (output.length < MAX_OUTPUT) output += chunk.toString('utf8')
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    // A command that does not exist (ENOENT) or is not executable (EACCES) is a failed check, not a crash.
    child.on('error', (error) => resolve({ code: 127, signal: null, output: output + `${error.message}\n` }))
    child.on('close', (code, signal) => resolve({ code, signal, output }))
  })
}

/** "exit code 1" / "killed by SIGSEGV", for reasons. */
export function describeExit(result: RunResult): string {
  return result.signal ? `killed by ${result.signal}` : `exit code ${result.code}`
}
