/** Pure parsers for action input values. Each throws an InputError naming the input. */
import { InputError } from '../errors.js'

/** Where an input may make the action fetch from: https://, file://, or http:// on this machine only. */
export function isFetchableUrl(url: URL): boolean {
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)
  return url.protocol === 'https:' || url.protocol === 'file:' || (url.protocol === 'http:' && loopback)
}

/** Non-empty, trimmed lines; `#` starts a comment line. */
export function parseLines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

export function parseBoolean(input: string, value: string): boolean {
  const v = value.trim().toLowerCase()
  if (v === 'true') return true
  if (v === 'false') return false
  throw new InputError(input, `expected 'true' or 'false', got '${value}'.`)
}

export function parseChoice<T extends string>(input: string, value: string, choices: readonly T[]): T {
  const v = value.trim().toLowerCase() as T
  if (choices.includes(v)) return v
  throw new InputError(input, `expected one of ${choices.map((c) => `'${c}'`).join(', ')}, got '${value}'.`)
}

export function parseInteger(input: string, value: string, min: number, max: number): number {
  const v = value.trim()
  if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new InputError(input, `expected a whole number from ${min} to ${max}, got '${value}'.`)
  }
  return Number(v)
}

/**
 * `KEY: VALUE` lines (archives, verify-imports, verify-commands). The key is everything before the
 * first `: ` so Windows-free paths and globs in the value keep their colons.
 */
export function parseKeyedLines(input: string, value: string, example: string): Array<[string, string]> {
  return parseLines(value).map((line) => {
    const at = line.indexOf(':')
    const key = at > 0 ? line.slice(0, at).trim() : ''
    const rest = at > 0 ? line.slice(at + 1).trim() : ''
    if (key === '' || rest === '') {
      throw new InputError(input, `cannot read line '${line}': write it as '${example}'.`)
    }
    return [key, rest]
  })
}

/** Split a command line into argv without a shell: whitespace separates, quotes group. */
export function splitArgv(input: string, command: string): string[] {
  const argv: string[] = []
  let current = ''
  let quote: '"' | "'" | null = null
  let started = false
  for (const ch of command) {
    if (quote) {
      if (ch === quote) quote = null
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      started = true
    } else if (/\s/.test(ch)) {
      if (started) argv.push(current)
      current = ''
      started = false
    } else {
      current += ch
      started = true
    }
  }
  if (quote) throw new InputError(input, `unclosed ${quote} in '${command}'.`)
  if (started) argv.push(current)
  return argv
}
