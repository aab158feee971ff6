/**
 * What a package's sources import, for a package with no mojo.toml to declare its dependencies.
 * A light reading of import statements (not a parser): enough to see which workspace packages it uses.
 */
import fs from 'node:fs/promises'
import path from 'node:path'
import { mojoSources } from './discover.js'

/** Top-level modules a Mojo source imports: `import a.b, c as d`, `from a.b import x` (not `from .x`). */
export function importedModules(source: string): string[] {
  const found = new Set<string>()
  for (const m of source.matchAll(/^[ \t]*from[ \t]+([A-Za-z_]\w*)[\w.]*[ \t]+import\b/gm)) found.add(m[1])
  for (const m of source.matchAll(/^[ \t]*import[ \t]+([^\n#]+)/gm)) {
    for (const part of m[1].split(',')) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(part)?.[1]
      if (name) found.add(name)
    }
  }
  return [...found].sort()
}

/** Every top-level module the Mojo sources under `relDir` (workspace-relative) import. */
export async function packageImports(workspace: string, relDir: string): Promise<Set<string>> {
  const found = new Set<string>()
  const dir = path.join(workspace, relDir)
  for (const rel of await mojoSources(dir, workspace)) {
    for (const name of importedModules(await fs.readFile(path.join(dir, rel), 'utf8'))) found.add(name)
  }
  return found
}
