/**
 * The folder a rattler-build recipe (`recipe.yaml`, `recipe/recipe.yaml`) packages: the directory its
 * build script gives `mojo package <dir>` or `mojo precompile <dir>`. Read as text, line by line: a
 * build script is shell, whatever YAML holds it.
 */
import path from 'node:path'
import { readWorkspaceFile } from '../workspace-files.js'
import { isPackageDir } from './discover.js'

const RECIPES = ['recipe.yaml', 'recipe/recipe.yaml']

/** Options of `mojo package` that take a value, so the value is not the directory. */
const VALUED = new Set(['-o', '--output', '-I'])

/** The directory argument of a `mojo package`/`mojo precompile` command on `line`, as written. */
function recipeDir(line: string): string | undefined {
  const match = /\bmojo\s+(?:package|precompile)\s+(.*)$/.exec(line)
  if (!match) return undefined
  const words = match[1].split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''))
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (word === '' || word === '&&' || word === ';' || word === '|') break
    if (VALUED.has(word)) i++
    else if (!word.startsWith('-')) {
      // `$SRC_DIR/mylib`, `${SRC_DIR}/mylib`: the recipe's source is the workspace.
      const rel = path.posix.normalize(word.replace(/^\$\{?SRC_DIR\}?\/?/, '') || '.')
      return rel.replace(/\/$/, '') === '.' ? '' : rel.replace(/\/$/, '')
    }
  }
  return undefined
}

/** The first package folder a recipe's build script packages, with the recipe that says so. */
export async function recipeFolder(root: string): Promise<{ dir: string; file: string } | undefined> {
  for (const file of RECIPES) {
    const text = await readWorkspaceFile(root, file, 'recipe')
    if (text === undefined) continue
    for (const line of text.split('\n')) {
      const dir = recipeDir(line)
      if (
        dir !== undefined &&
        !dir.startsWith('..') &&
        !path.posix.isAbsolute(dir) &&
        isPackageDir(root, dir)
      )
        return { dir, file }
    }
  }
  return undefined
}
