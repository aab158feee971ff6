/**
 * The compiler version a user or a project file asks for: PEP 440 (Mojo's own numbering) or a conda
 * match spec as pixi files write it. Pure.
 */
import * as pep440 from '@renovatebot/pep440'

/** What the user asked for, after reading `mojo-version` or a version file. */
export type VersionRequest =
  | { kind: 'latest' }
  | { kind: 'nightly' }
  | { kind: 'exact'; version: string }
  | { kind: 'range'; specifier: string }

/**
 * Reads a request written as PEP 440 (`1.2.0`, `>=1.0,<2`, `~=1.1`, `==1.2.*`) or as a conda match spec
 * the way pixi files write them (`==1.2.0`, `1.2.*`, `=1.2`, `>=1.0.0b3.dev2026072406,<2`, `*`).
 * Returns undefined when the text is neither, so the caller can name the input or file.
 */
export function parseVersionRequest(text: string): VersionRequest | undefined {
  const value = text.trim()
  const lower = value.toLowerCase()
  if (lower === 'latest' || lower === '*' || lower === '') return { kind: 'latest' }
  if (lower === 'nightly') return { kind: 'nightly' }
  if (pep440.valid(value)) return { kind: 'exact', version: value }
  const parts = value.split(',').map((part) => condaToPep440(part.trim()))
  const specifier = parts.join(',')
  if (parts.some((part) => part === '') || !pep440.validRange(specifier)) return undefined
  const exact = /^===?\s*([^*]+)$/.exec(specifier)
  if (exact && pep440.valid(exact[1])) return { kind: 'exact', version: exact[1].trim() }
  return { kind: 'range', specifier }
}

/** One clause of a conda spec as PEP 440: a bare `1.2.*` or `1.2.0` means `==`, conda's `=1.2` means `==1.2.*`. */
function condaToPep440(clause: string): string {
  if (/^[0-9]/.test(clause)) return `==${clause}`
  const fuzzy = /^=\s*([0-9][^=]*)$/.exec(clause)
  if (fuzzy) return `==${fuzzy[1].replace(/\.\*$/, '')}.*`
  return clause
}

/** The request's wording for messages. */
export function describeRequest(request: VersionRequest): string {
  switch (request.kind) {
    case 'exact':
      return request.version
    case 'range':
      return request.specifier
    default:
      return request.kind
  }
}
