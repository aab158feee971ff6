import { afterEach, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { WorkspaceFileError } from '../src/errors.js'
import {
  boundaryOf,
  readWorkspaceFile,
  isAtomicTemp,
  walkWorkspaceDir,
  workspaceEntry,
  writeAtomically,
  writeFileAtomic
} from '../src/workspace-files.js'
import { removeTempDirs, tempDir, writeFiles } from './support/temp.js'

afterEach(removeTempDirs)

/** A folder outside the workspace whose text must never be read. */
const canary = () =>
  writeFiles(tempDir('canary'), { 'secret.md': 'CANARY-TOKEN\n', 'lib/mod.mojo': 'CANARY\n' })

describe('readWorkspaceFile', () => {
  it('follows a link that stays inside the workspace', async () => {
    const ws = writeFiles(tempDir('ws'), { 'docs/README.md': '# inside\n' })
    fs.symlinkSync('docs/README.md', path.join(ws, 'README.md'))
    expect(await readWorkspaceFile(ws, 'README.md', 'README')).toBe('# inside\n')
  })

  it('refuses a link that leaves the workspace, naming the link and its target', async () => {
    const ws = tempDir('ws')
    const outside = path.join(canary(), 'secret.md')
    fs.symlinkSync(outside, path.join(ws, 'README.md'))
    const read = readWorkspaceFile(ws, 'README.md', 'README')
    await expect(read).rejects.toThrow(WorkspaceFileError)
    await expect(read).rejects.toThrow(
      `README.md: the README resolves to ${fs.realpathSync(outside)} (the link README.md -> ${outside}), outside the repository`
    )
  })

  it('refuses a /proc file reached through a link', async () => {
    const ws = tempDir('ws')
    fs.symlinkSync('/proc/self/environ', path.join(ws, 'README.md'))
    await expect(readWorkspaceFile(ws, 'README.md', 'README')).rejects.toThrow(/outside the repository/)
  })

  it('refuses a FIFO inside the workspace instead of hanging on it', async () => {
    const ws = tempDir('ws')
    execFileSync('mkfifo', [path.join(ws, 'README.md')])
    await expect(readWorkspaceFile(ws, 'README.md', 'README')).rejects.toThrow(
      'README.md: the README is not a regular file or folder (a FIFO, device or socket)'
    )
  })

  it('gives undefined for a file that does not exist', async () => {
    expect(await readWorkspaceFile(tempDir('ws'), 'README.md', 'README')).toBeUndefined()
  })

  it('takes the repository (GITHUB_WORKSPACE) as the boundary when it holds the workspace', () => {
    const repo = tempDir('repo')
    expect(boundaryOf(path.join(repo, 'sub'), repo)).toBe(repo)
    expect(boundaryOf(repo, tempDir('other'))).toBe(repo)
  })
})

describe('workspaceEntry', () => {
  it('refuses a folder link leading out of the workspace, naming it', () => {
    const ws = tempDir('ws')
    fs.symlinkSync(path.join(canary(), 'lib'), path.join(ws, 'pkg'))
    expect(() => workspaceEntry(ws, 'pkg', 'package folder')).toThrow(
      /^pkg: the package folder resolves to .* \(the link pkg -> /
    )
  })
})

describe('walkWorkspaceDir', () => {
  it('takes a linked file that stays inside under its own name, and refuses one that leaves', async () => {
    const ws = writeFiles(tempDir('ws'), { 'pkg/__init__.mojo': '', 'shared/util.mojo': '' })
    fs.symlinkSync('../shared/util.mojo', path.join(ws, 'pkg', 'util.mojo'))
    const files = await walkWorkspaceDir(ws, 'pkg', 'package source')
    expect(files.map((f) => [f.rel, f.real])).toEqual([
      ['__init__.mojo', fs.realpathSync(path.join(ws, 'pkg', '__init__.mojo'))],
      ['util.mojo', fs.realpathSync(path.join(ws, 'shared', 'util.mojo'))]
    ])
    fs.symlinkSync(path.join(canary(), 'lib', 'mod.mojo'), path.join(ws, 'pkg', 'mod.mojo'))
    await expect(walkWorkspaceDir(ws, 'pkg', 'package source')).rejects.toThrow(
      /^pkg\/mod\.mojo: the package source/
    )
  })
})

describe('walkWorkspaceDir, taking some files', () => {
  it('leaves the other files unread, so a link out among them is no error', async () => {
    const ws = writeFiles(tempDir('ws'), { 'pkg/__init__.mojo': '' })
    fs.symlinkSync(path.join(canary(), 'secret.md'), path.join(ws, 'pkg', 'notes.md'))
    const files = await walkWorkspaceDir(ws, 'pkg', 'package source', {
      take: (name) => name.endsWith('.mojo')
    })
    expect(files.map((f) => f.rel)).toEqual(['__init__.mojo'])
  })
})

describe('walkWorkspaceDir, only looking', () => {
  it('leaves a link out of the repository out, unread, when asked to', async () => {
    const ws = writeFiles(tempDir('ws'), { 'pkg/__init__.mojo': '' })
    fs.symlinkSync(path.join(canary(), 'lib'), path.join(ws, 'data'))
    const files = await walkWorkspaceDir(ws, '', 'source', { outside: 'leave' })
    expect(files.map((f) => f.rel)).toEqual(['pkg/__init__.mojo'])
  })
})

describe('writeFileAtomic', () => {
  it('writes the file whole, with the mode asked for', async () => {
    const file = path.join(tempDir('out'), 'manifest.json')
    await writeFileAtomic(file, '{}\n', 0o755)
    expect(fs.readFileSync(file, 'utf8')).toBe('{}\n')
    expect(fs.statSync(file).mode & 0o777).toBe(0o755)
  })

  it('leaves the earlier file and no temporary one when the write fails', async () => {
    const dir = tempDir('out')
    const file = path.join(dir, 'manifest.json')
    fs.writeFileSync(file, 'old\n')
    const failing = {
      [Symbol.asyncIterator]: async function* () {
        yield 'partial'
        throw new Error('ENOSPC: no space left on device')
      }
    }
    await expect(writeFileAtomic(file, failing as unknown as string)).rejects.toThrow('ENOSPC')
    expect(await fsp.readdir(dir)).toEqual(['manifest.json'])
    expect(fs.readFileSync(file, 'utf8')).toBe('old\n')
  })

  it("names its temporary file so that a killed run's leftover is known as the action's", async () => {
    const file = path.join(tempDir('out'), 'SHA256SUMS')
    let temp = ''
    await writeAtomically(file, async (t) => {
      temp = path.basename(t)
      await fsp.writeFile(t, 'x')
    })
    expect([isAtomicTemp(temp), isAtomicTemp('SHA256SUMS'), isAtomicTemp('.env')]).toEqual([
      true,
      false,
      false
    ])
  })
})
