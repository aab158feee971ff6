/**
 * The one TOML reader for project files (mojo.toml, pixi.toml, mojoproject.toml, pyproject.toml,
 * uv.lock) and the field readers they share. Every error names the file and the field.
 */
import { parse, TomlError } from 'smol-toml'
import { ProjectFileError } from '../errors.js'
import { hasControl, untrusted } from '../log.js'
import { isPackageName } from '../names.js'
import { isSpdxExpression } from './spdx.js'

export type Table = Record<string, unknown>

export const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

export function readToml(text: string, file: string): Table {
  try {
    return parse(text)
  } catch (error) {
    const detail = error instanceof TomlError ? `line ${error.line}, column ${error.column}` : 'unknown place'
    throw new ProjectFileError(
      file,
      `is not valid TOML (${detail}): ${(error as Error).message.split('\n')[0]}`
    )
  }
}

/** `[key]` of `parent`, undefined when absent; refuses a value that is not a table. */
export function table(parent: Table, key: string, file: string): Table | undefined {
  const value = parent[key]
  if (value === undefined) return undefined
  if (!isTable(value)) throw new ProjectFileError(file, `[${key}] must be a table.`)
  return value
}

/**
 * Manifest text becomes a METADATA header, a JSON field, a file name or a log line: a control character
 * (a newline, a lone carriage return) could add a header there, so it is refused here, at read time.
 * `multiLine` lets newlines and tabs through, for text the writers join or put in a body (a description).
 */
function checkText(value: string, where: string, file: string, multiLine: boolean): string {
  const bad = [...(multiLine ? value.replace(/[\n\t]/g, '') : value)].find(hasControl)
  if (bad !== undefined) {
    throw new ProjectFileError(
      file,
      `${where} holds a control character (${untrusted(bad)}): write it ${multiLine ? 'with plain line breaks' : 'on one line'}, without control characters.`
    )
  }
  return value
}

export function optionalString(
  t: Table,
  key: string,
  where: string,
  file: string,
  { multiLine = false } = {}
): string | undefined {
  const value = t[key]
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ProjectFileError(file, `${where}.${key} must be a non-empty string.`)
  }
  return checkText(value.trim(), `${where}.${key}`, file, multiLine)
}

export function stringList(t: Table, key: string, where: string, file: string): string[] | undefined {
  const value = t[key]
  if (value === undefined) return undefined
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '')) {
    throw new ProjectFileError(file, `${where}.${key} must be a list of strings, e.g. ${key} = ["a", "b"].`)
  }
  return value.map((v: string) => checkText(v.trim(), `${where}.${key}`, file, false))
}

/** `license`: an SPDX expression (see spdx.ts), as wheels and conda packages declare it. */
export function optionalLicense(t: Table, key: string, where: string, file: string): string | undefined {
  const value = optionalString(t, key, where, file)
  if (value !== undefined && !isSpdxExpression(value)) {
    throw new ProjectFileError(
      file,
      `${where}.${key} '${untrusted(value)}' is not an SPDX license expression: write e.g. MIT, Apache-2.0 or ` +
        '"MIT OR Apache-2.0" (LicenseRef-<name> for a license of your own).'
    )
  }
  return value
}

/** A package name as pixi, conda and this action accept it; its import name must be an identifier. */
export function checkPackageName(name: string, where: string, file: string): string {
  if (!isPackageName(name)) {
    throw new ProjectFileError(
      file,
      `${where} '${name}' is not a usable package name: start with a letter or '_', then letters, digits, '_', '-' or '.'.`
    )
  }
  return name
}
