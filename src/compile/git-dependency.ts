/**
 * One commit of a git dependency, checked out into a fresh folder with the runner's `git` and the
 * runner user's git configuration (HOME, XDG_CONFIG_HOME, GIT_CONFIG_GLOBAL: `url.<base>.insteadOf`
 * mirrors, proxies, credential helpers), never a token of the job's. Shallow where the server allows:
 * `git fetch --depth 1 URL COMMIT`; a server that refuses to serve a commit by its hash gets a full
 * fetch of its branches and tags instead.
 */
import fsp from 'node:fs/promises'
import { inheritedEnv } from '../child-env.js'
import { ActionError } from '../errors.js'
import { describeExit, runProcess, type RunResult } from '../process.js'
import type { GitSource } from '../project/locked-dependencies.js'

/** A slow server or a large repository; a stuck one is stopped. */
const FETCH_TIMEOUT_MS = 10 * 60_000
const LOCAL_TIMEOUT_MS = 60_000

function git(cwd: string, args: string[], timeoutMs = LOCAL_TIMEOUT_MS): Promise<RunResult> {
  // ext:: and fd:: run programs; they stay off whatever the user's configuration allows.
  const safety = [
    '-c',
    'protocol.ext.allow=never',
    '-c',
    'protocol.fd.allow=never',
    '-c',
    'core.hooksPath=/dev/null',
    // A server that stops sending (under 1 byte/s for 30 s) fails the fetch, as an index's idle
    // deadline does, instead of holding the run until the time limit.
    '-c',
    'http.lowSpeedLimit=1',
    '-c',
    'http.lowSpeedTime=30'
  ]
  return runProcess(['git', ...safety, ...args], {
    cwd,
    // No git-lfs download: the dependency's .lfsconfig would pick the server, and a package is source.
    env: inheritedEnv({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', GIT_LFS_SKIP_SMUDGE: '1' }),
    timeoutMs
  })
}

const reason = (r: RunResult): string =>
  r.spawnError ? 'git is not installed on the runner' : r.stderr.trim().split('\n').at(-1) || describeExit(r)

/** What to fetch for a source no lock pins: the named tag, branch or commit, else the default branch. */
function refspec(source: GitSource): string {
  if (source.commit) return source.commit
  const ref = source.ref
  if (!ref) return 'HEAD'
  return ref.kind === 'tag'
    ? `refs/tags/${ref.name}`
    : ref.kind === 'branch'
      ? `refs/heads/${ref.name}`
      : ref.name
}

/** Checks out `source` into `dir` (created empty); returns the commit checked out. */
export async function checkoutGitSource(source: GitSource, dir: string): Promise<string> {
  await fsp.mkdir(dir, { recursive: true })
  const init = await git(dir, ['init', '-q'])
  if (init.code !== 0) throw new ActionError(`git init: ${reason(init)}`)
  const shallow = await git(
    dir,
    ['fetch', '-q', '--no-tags', '--depth', '1', '--', source.url, refspec(source)],
    FETCH_TIMEOUT_MS
  )
  if (shallow.code !== 0) {
    // A fetch stopped by the time limit is no refusal of a commit: fetching everything would wait again.
    if (!source.commit || shallow.timedOut)
      throw new ActionError(`git fetch ${refspec(source)}: ${reason(shallow)}`)
    const full = await git(
      dir,
      ['fetch', '-q', '--', source.url, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'],
      FETCH_TIMEOUT_MS
    )
    if (full.code !== 0) throw new ActionError(`git fetch: ${reason(full)}`)
  }
  const target = source.commit ?? 'FETCH_HEAD'
  const checkout = await git(dir, [
    '-c',
    'advice.detachedHead=false',
    'checkout',
    '-q',
    '--detach',
    target,
    '--'
  ])
  if (checkout.code !== 0)
    throw new ActionError(`the repository has no commit ${target}: ${reason(checkout)}`)
  const head = await git(dir, ['rev-parse', 'HEAD'])
  const commit = head.stdout.trim()
  if (source.commit && commit !== source.commit)
    throw new ActionError(`checked out ${commit}, not the locked ${source.commit}`)
  return commit
}
