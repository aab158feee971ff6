/**
 * The one way the action asks git about the workspace: read-only commands, no shell, a time limit, and
 * the runner's allow-listed variables only (child-env.ts: the user's git config, no token of the job's).
 * The worktree is never touched: the sources of a tag are read with `git archive` into another folder.
 */
import fs from 'node:fs/promises'
import { inheritedEnv } from '../child-env.js'
import { describeExit, runProcess, type RunResult } from '../process.js'

const GIT_TIMEOUT_MS = 30_000

export function git(cwd: string, args: string[]): Promise<RunResult> {
  return runProcess(['git', '-c', 'core.quotepath=off', ...args], {
    cwd,
    env: inheritedEnv({ LC_ALL: 'C' }),
    timeoutMs: GIT_TIMEOUT_MS
  })
}

/** NUL-separated output (`-z`) as a list. */
export const zList = (stdout: string): string[] => stdout.split('\0').filter((entry) => entry !== '')

/** Why a command failed: its first line of stderr, or how it ended. */
export function gitReason(result: RunResult): string {
  return result.stderr.trim().split('\n')[0] || describeExit(result)
}

export type Checkout = { state: 'git'; shallow: boolean } | { state: 'none'; reason: string }

/**
 * Whether the workspace is in a git checkout git will read (not a download, not a repository it
 * refuses as owned by another user), and whether the clone is shallow.
 */
export async function checkoutOf(workspace: string): Promise<Checkout> {
  const result = await git(workspace, ['rev-parse', '--is-inside-work-tree', '--is-shallow-repository'])
  if (result.code !== 0) return { state: 'none', reason: noCheckoutReason(result) }
  const [inside, shallow] = result.stdout.trim().split('\n')
  if (inside !== 'true') return { state: 'none', reason: 'not a git checkout' }
  return { state: 'git', shallow: shallow === 'true' }
}

/** Why git will not read the workspace, in the user's words rather than git's. */
function noCheckoutReason(result: RunResult): string {
  if (result.spawnError) return 'git is not installed on the runner'
  if (/not a git repository/i.test(result.stderr)) return 'not a git checkout'
  if (/dubious ownership/i.test(result.stderr))
    return 'git refuses the checkout as owned by another user: add it to safe.directory'
  return `git cannot read the checkout (${gitReason(result)})`
}

/**
 * The files of the workspace folders `dirs` (workspace-relative, POSIX) at `rev`, written into `dest`
 * with `git archive` and `tar`: the user's worktree and index stay as they are.
 */
export async function extractTree(
  workspace: string,
  rev: string,
  dirs: string[],
  dest: string
): Promise<void> {
  await fs.mkdir(dest, { recursive: true })
  const tarball = `${dest}.tar`
  const specs = dirs.map((d) => `:(literal)${d || '.'}`)
  const archived = await git(workspace, ['archive', '--format=tar', '-o', tarball, rev, '--', ...specs])
  if (archived.code !== 0) throw new Error(`git archive ${rev}: ${gitReason(archived)}`)
  const extracted = await runProcess(['tar', '-xf', tarball, '-C', dest], {
    env: inheritedEnv(),
    timeoutMs: GIT_TIMEOUT_MS
  })
  await fs.rm(tarball, { force: true })
  if (extracted.code !== 0) throw new Error(`tar -xf: ${gitReason(extracted)}`)
}
