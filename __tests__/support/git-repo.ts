/** Git repositories made by the tests: commits, tags and clones of a workspace, with a fixed identity. */
import { execFileSync } from 'node:child_process'
import { writeFiles } from './temp.js'

/** Runs git in `dir` and returns what it printed. */
export function gitIn(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe']
  })
}

/** Writes `files` into `dir` and commits everything there; `tag` tags the commit. */
export function commit(dir: string, message: string, files: Record<string, string> = {}, tag?: string): void {
  writeFiles(dir, files)
  gitIn(dir, 'add', '-A')
  gitIn(dir, 'commit', '-q', '--allow-empty', '-m', message)
  if (tag !== undefined) gitIn(dir, 'tag', tag)
}

/** Makes `dir` a repository whose first commit holds what is there, tagged `tag`. */
export function initRepo(dir: string, tag?: string): string {
  gitIn(dir, 'init', '-q', '-b', 'main')
  commit(dir, 'first release', {}, tag)
  return dir
}
