/**
 * Temporary folders for a test file, all under one root that `removeTempDirs` deletes (Jest loads this
 * module once per test file), and copies of the fixture workspace to build or break.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from './run-action.js'

export const fixtureWorkspace = path.join(repoRoot, '__tests__', 'fixtures', 'workspace')

let root: string | undefined

/** A fresh folder outside the repository. */
export function tempDir(prefix = 'tmp'): string {
  root ??= fs.mkdtempSync(path.join(os.tmpdir(), 'mojo-action-tests-'))
  return fs.mkdtempSync(path.join(root, `${prefix}-`))
}

export function removeTempDirs(): void {
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true })
  root = undefined
}

/** Writes `files` (relative path -> text) into `dir`, making folders as needed; returns `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.writeFileSync(path.join(dir, rel), text)
  }
  return dir
}

/** A private copy of the fixture workspace (modes kept), with `files` written into it. */
export function fixtureCopy(files: Record<string, string> = {}): string {
  const ws = path.join(tempDir('workspace'), 'workspace')
  fs.cpSync(fixtureWorkspace, ws, { recursive: true })
  return writeFiles(ws, files)
}
