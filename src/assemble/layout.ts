/**
 * The entry list of a reproducible archive: every path under one root folder (`NAME-VERSION/`), every
 * parent folder listed explicitly, sorted by path, and only two file modes. Times and owners are not
 * part of an entry: the writers stamp the same ones on all.
 */
import fs from 'node:fs/promises'

export type EntrySource = { file: string } | { data: Buffer }

export type Entry =
  | { type: 'directory'; path: string; mode: 0o755 }
  | { type: 'file'; path: string; mode: 0o755 | 0o644; size: number; source: EntrySource }

export interface LayoutFile {
  /** Path under the root folder, `/`-separated. */
  path: string
  /** Any execute bit makes the entry 0755. */
  mode: number
  size: number
  source: EntrySource
}

/** A file of the disk at `at` under the root folder, with its current size. */
export async function diskFile(at: string, file: string): Promise<LayoutFile> {
  return { path: at, mode: 0o644, size: (await fs.stat(file)).size, source: { file } }
}

/** Directories end with `/`, as `tar -t` and `unzip -Z1` print them. */
export function layout(root: string, files: LayoutFile[]): Entry[] {
  const folders = new Set<string>([`${root}/`])
  const entries: Entry[] = files.map((f) => {
    const parts = f.path.split('/')
    for (let i = 1; i < parts.length; i++) folders.add(`${root}/${parts.slice(0, i).join('/')}/`)
    const mode = f.mode & 0o111 ? 0o755 : 0o644
    return { type: 'file', path: `${root}/${f.path}`, mode, size: f.size, source: f.source }
  })
  for (const folder of folders) entries.push({ type: 'directory', path: folder, mode: 0o755 })
  // Code-unit order, not locale order: the same on every machine.
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
