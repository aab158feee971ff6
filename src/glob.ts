/**
 * A small glob dialect for the `packages` and `archives` inputs, relative to the workspace and always with `/`:
 * `*` and `?` stay inside one path segment, `**` as a whole segment spans any number of segments,
 * `[abc]`/`[!abc]` and `{a,b}` as in a shell. `*` also matches names starting with a dot.
 */

const SPECIAL = /[*?[{]/

/** Why a pattern may not be used (it leaves the workspace), or undefined when it is fine. */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern) || pattern.includes('\\')) {
    return 'is an absolute path or uses \\; write it relative to the workspace with /'
  }
  if (pattern.split('/').includes('..')) return "uses '..'; only files inside the workspace can be archived"
  return undefined
}

/** `./site//api/` -> `site/api`: the form paths are compared in. */
function normalisePattern(pattern: string): string {
  return pattern
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/')
}

/** The folder (or file) named by the segments before the first wildcard: where a walk can start. */
export function literalBase(pattern: string): string {
  const segments = normalisePattern(pattern).split('/')
  const wild = segments.findIndex((segment) => SPECIAL.test(segment))
  return (wild === -1 ? segments : segments.slice(0, wild)).join('/')
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\*?]/g, '\\$&')
}

function segmentSource(segment: string): string {
  let source = ''
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i]
    if (ch === '*') source += '[^/]*'
    else if (ch === '?') source += '[^/]'
    else if (ch === '[' && segment.indexOf(']', i + 2) !== -1) {
      const end = segment.indexOf(']', i + 2)
      const body = segment.slice(i + 1, end)
      const negate = body.startsWith('!')
      source += `[${negate ? '^' : ''}${(negate ? body.slice(1) : body).replace(/[\\\]^[]/g, '\\$&')}]`
      i = end
    } else if (ch === '{' && segment.indexOf('}', i) !== -1) {
      const end = segment.indexOf('}', i)
      source += `(?:${segment
        .slice(i + 1, end)
        .split(',')
        .map(segmentSource)
        .join('|')})`
      i = end
    } else source += escape(ch)
  }
  return source
}

/** A regular expression matching workspace-relative file paths (no leading `./`, `/` separators). */
export function globToRegExp(pattern: string): RegExp {
  const segments = normalisePattern(pattern).split('/')
  let source = ''
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1
    if (segment === '**') source += last ? '.*' : '(?:[^/]+/)*'
    else source += segmentSource(segment) + (last ? '' : '/')
  })
  return new RegExp(`^${source}$`)
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
