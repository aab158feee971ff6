/**
 * The folder a project's own build command packages: the directory a rattler-build recipe's build script
 * (`recipe.yaml`, `recipe/recipe.yaml`) or a pixi task gives `mojo package <dir>` or `mojo precompile
 * <dir>`, and the name its `-o` file gives the package, which is the name code imports. Read as text, line
 * by line: a build script or a task is shell, whatever YAML or TOML holds it.
 */
import path from 'node:path'
import { isIdentifier } from '../names.js'
import { readWorkspaceFile } from '../workspace-files.js'
import { isPackageDir } from './discover.js'

const RECIPES = ['recipe.yaml', 'recipe/recipe.yaml']

/** Options of `mojo package` that take a value, so the value is not the directory. */
const VALUED = new Set(['-o', '--output', '-I'])

/** What one build command packages, as written: the directory and the import name its `-o` file gives. */
interface Packaged {
  dir: string
  import?: string
}

/** `dist/sdl.mojopkg`, `${{ PREFIX }}/lib/mojo/ishlib.mojopkg` -> the package name, when it is an identifier. */
function outputName(file: string): string | undefined {
  const name = /([^/]+)\.(?:mojopkg|mojoc)$/.exec(file)?.[1]
  return name !== undefined && isIdentifier(name) ? name : undefined
}

/** The directory argument of a `mojo package`/`mojo precompile` command on `line`, and its `-o` name. */
function packagedOn(line: string): Packaged | undefined {
  const match = /\bmojo\s+(?:package|precompile)\s+(.*)$/.exec(line)
  if (!match) return undefined
  // A template expression (`${{ PREFIX }}`) is one word of the command, spaces and all.
  const command = match[1].replace(/\$\{\{[^}]*\}\}/g, (expr) => expr.replace(/\s+/g, '')).split(/;|&&|\|/)[0]
  const words = command.split(/\s+/).map((w) => w.replace(/^["']|["',]+$/g, ''))
  let dir: string | undefined
  let output: string | undefined
  for (let i = 0; i < words.length; i++) {
    const word = words[i]
    if (word === '') continue
    if (word === '-o' || word === '--output') output = words[++i]
    else if (VALUED.has(word)) i++
    else if (!word.startsWith('-') && dir === undefined) {
      // `$SRC_DIR/mylib`, `${SRC_DIR}/mylib`: the recipe's source is the workspace.
      const rel = path.posix.normalize(word.replace(/^\$\{?SRC_DIR\}?\/?/, '') || '.').replace(/\/$/, '')
      dir = rel === '.' ? '' : rel
    }
  }
  return dir === undefined ? undefined : { dir, import: output && outputName(output) }
}

/** The first package folder a build command in `text` packages. */
export function packagedFolder(root: string, text: string): Packaged | undefined {
  for (const line of text.split('\n')) {
    const found = packagedOn(line)
    if (
      found !== undefined &&
      !found.dir.startsWith('..') &&
      !path.posix.isAbsolute(found.dir) &&
      isPackageDir(root, found.dir)
    )
      return found
  }
  return undefined
}

/** The first package folder a recipe's build script packages, with the recipe that says so. */
export async function recipeFolder(root: string): Promise<(Packaged & { file: string }) | undefined> {
  for (const file of RECIPES) {
    const text = await readWorkspaceFile(root, file, 'recipe')
    const found = text === undefined ? undefined : packagedFolder(root, text)
    if (found) return { ...found, file }
  }
  return undefined
}
