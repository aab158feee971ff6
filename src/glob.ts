/**
 * Globs for the `packages` and `archives` inputs, relative to the workspace and always with `/`, as
 * a shell writes them (picomatch): `*` and `?` stay inside one path segment, `**` as a whole segment
 * spans any number of segments, `[abc]`, `[!abc]`, `{a,b}` and `{1..3}`. `*` also matches names
 * starting with a dot. Parentheses and `|` are literal: file names use them, and nobody writes regular
 * expression groups or extglobs (`+(a|b)`) in a workflow input.
 */
import picomatch from 'picomatch'

/** `posix` makes `[!abc]` a negated class (and allows `[[:digit:]]`); without it `!` is just a member. */
const OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  posix: true,
  windows: false,
  noextglob: true,
  nonegate: true
}

/** Why a pattern may not be used (it leaves the workspace), or undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern) || pattern.includes('\\')) {
    return 'is an absolute path or uses \\; write it relative to the workspace with /'
  }
  if (pattern.split('/').includes('..')) return "uses '..'; only files inside the workspace can be archived"
  return undefined
}

/** `./site//api/` -> `site/api`, with `(`, `)` and `|` escaped: the form picomatch is given. */
function normalisePattern(pattern: string): string {
  return pattern
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/')
    .replace(/[()|]/g, '\\$&')
}

/** Whether a line uses any wildcard, brace or class, rather than naming one path. */
export function isGlob(pattern: string): boolean {
  return picomatch.scan(normalisePattern(pattern)).isGlob
}

/** The folder (or file) named by the segments before the first wildcard: where a walk can start. */
export function literalBase(pattern: string): string {
  return picomatch.scan(normalisePattern(pattern)).base.replace(/\\(.)/g, '$1')
}

/** A regular expression matching workspace-relative file paths (no leading `./`, `/` separators). */
export function globToRegExp(pattern: string): RegExp {
  return picomatch.makeRe(normalisePattern(pattern), OPTIONS)
}

/**
 * Whether a file belongs to a pattern: the pattern matches the file itself or one of its folders, so
 * `site`, `site/` and `site/**` all take every file under `site/`.
 */
export function matchesFile(re: RegExp, file: string): boolean {
  if (re.test(file)) return true
  for (let at = file.indexOf('/'); at !== -1; at = file.indexOf('/', at + 1)) {
    if (re.test(file.slice(0, at))) return true
  }
  return false
}
