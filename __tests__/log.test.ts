import { describe, expect, it } from '@jest/globals'
import { printUntrusted, untrusted, withoutCredentials } from '../src/log.js'
import { withStdout } from './support/stdout.js'

describe('untrusted', () => {
  it('escapes newline, carriage return and ESC visibly', () => {
    expect(untrusted('a\nb\rc\x1bd')).toBe('a\\nb\\rc\\x1bd')
  })

  it('escapes a leading :: so the text cannot start a command', () => {
    expect(untrusted('::add-mask::x').startsWith('::')).toBe(false)
  })
})

describe('printUntrusted', () => {
  const text = 'warning: x\n::set-output name=x::y\nend'

  it('fences the text with a stop-commands token the text does not hold', async () => {
    const { stdout } = await withStdout(async () => printUntrusted('title', text))
    const token = /^::stop-commands::([0-9a-f]+)$/m.exec(stdout)?.[1]
    expect(token).toMatch(/^[0-9a-f]{32}$/)
    expect(text).not.toContain(token)
  })

  it('prints a ::set-output line only inside the stop-commands block', async () => {
    const { stdout } = await withStdout(async () => printUntrusted('title', text))
    const lines = stdout.split('\n')
    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'))
    const end = lines.indexOf(`::${lines[start].slice('::stop-commands::'.length)}::`)
    const at = lines.indexOf('::set-output name=x::y')
    expect([start < at, at < end]).toEqual([true, true])
  })
})

describe('untrusted and bidirectional text', () => {
  it('shows a right-to-left override escaped, so a name cannot look like another', () => {
    expect(untrusted('invoice\u202egpj.exe')).toBe('invoice\\u202egpj.exe')
  })
})

describe('withoutCredentials', () => {
  it("replaces every URL's user info with ***", () => {
    expect(
      withoutCredentials('cannot reach https://me:s3cret@mirror.example/simple/ (or http://tok@x/)')
    ).toBe('cannot reach https://***@mirror.example/simple/ (or http://***@x/)')
  })
})
