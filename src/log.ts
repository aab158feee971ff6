/**
 * Printing untrusted text (names, paths, manifest text, compiler output, index responses) to the log.
 * The runner executes any stdout line that starts (after whitespace) with `::` (or the old `##[`), so
 * such text is either escaped to one inert line or fenced by `::stop-commands::`.
 * Annotations need neither: `core.error/warning/notice(msg, props)` and group titles go through
 * @actions/core's `escapeData`/`escapeProperty` (command.js), which encode `%`, `\r`, `\n` (and `:`, `,`
 * in properties), so their text cannot end the command line.
 */
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'

// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/g
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** Bidirectional controls: shown escaped too, since they reorder what the reader sees (`a\u202egpj.exe`). */
export const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** What `untrusted` shows escaped: control and bidirectional characters. */
const ESCAPED = new RegExp(`${CONTROL.source}|${BIDI.source}`, 'g')

/** `text` with every control character replaced by `by`. */
export const replaceControls = (text: string, by: string): string => text.replace(CONTROL, by)

/** Whether `text` holds a control character (a newline, an escape): refused in names. */
export const hasControl = (text: string): boolean => new RegExp(CONTROL.source).test(text)

/**
 * One line of untrusted text, safe anywhere in a log line: control and bidirectional characters are
 * shown escaped (`\n`, `\x1b`, `\u202e`), and a leading `::` or `##[` is escaped too, so it cannot start
 * a workflow command.
 */
export function untrusted(text: string): string {
  const escaped = text.replace(ESCAPED, (c) => {
    const code = c.charCodeAt(0)
    return NAMED[c] ?? (code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`)
  })
  return escaped.replace(
    /^(\s*)([:#])(?=:|\[)/,
    (_, space: string, c: string) => `${space}\\x${c.charCodeAt(0).toString(16)}`
  )
}

/** A URL's user info (`https://user:password@mirror/`): a credential, never printed. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi

/** `text` with the credentials of every URL in it replaced by `***`. */
export const withoutCredentials = (text: string): string => text.replace(USER_INFO, '$1***@')

/** A token for `::stop-commands::` that `text` does not contain, so the text cannot resume commands. */
function stopToken(text: string): string {
  for (;;) {
    const token = randomBytes(16).toString('hex')
    if (!text.includes(token)) return token
  }
}

/** Multi-line child output in one log group, with workflow commands off inside it. */
export function printUntrusted(title: string, text: string): void {
  const token = stopToken(text)
  core.startGroup(title)
  core.info(`::stop-commands::${token}`)
  core.info(text)
  core.info(`::${token}::`)
  core.endGroup()
}
