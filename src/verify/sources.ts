/** Questions about the workspace's source tree, asked only to explain a failure (never to pass one). */
import fs from 'node:fs'
import path from 'node:path'

const SKIP = new Set(['node_modules', '.git', '.pixi', '.magic'])

/** Workspace-relative path of a module `name` of the source tree (`name.mojo` or `name/__init__.mojo`). */
export function findSourceModule(workspace: string, name: string, maxDepth = 6): string | undefined {
  const candidates = [`${name}.mojo`, `${name}.🔥`, path.join(name, '__init__.mojo')]
  const walk = (dir: string, depth: number): string | undefined => {
    for (const candidate of candidates) {
      if (fs.existsSync(path.join(dir, candidate))) return path.relative(workspace, path.join(dir, candidate))
    }
    if (depth >= maxDepth) return undefined
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch {
      return undefined
    }
    for (const entry of entries) {
      if (!entry.isDirectory() || SKIP.has(entry.name) || entry.name.startsWith('.')) continue
      const found = walk(path.join(dir, entry.name), depth + 1)
      if (found !== undefined) return found
    }
    return undefined
  }
  return walk(workspace, 0)?.split(path.sep).join('/')
}

/** Whether `p`, as a program printed it (relative to its cwd, or absolute), is a file of the workspace. */
export function isSourceFile(workspace: string, p: string): boolean {
  if (p.includes('\n')) return false
  const abs = path.resolve(workspace, p)
  const rel = path.relative(workspace, abs)
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false
  try {
    return fs.statSync(abs).isFile()
  } catch {
    return false
  }
}
