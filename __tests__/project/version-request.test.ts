import { describe, expect, it } from '@jest/globals'
import { parseVersionRequest } from '../../src/project/version-request.js'

describe('parseVersionRequest', () => {
  it.each([
    ['1.2.0', { kind: 'exact', version: '1.2.0' }],
    ['0.26.2.0', { kind: 'exact', version: '0.26.2.0' }],
    ['1.3.0.dev2026103105', { kind: 'exact', version: '1.3.0.dev2026103105' }],
    ['==1.2.0', { kind: 'exact', version: '1.2.0' }],
    ['latest', { kind: 'latest' }],
    ['*', { kind: 'latest' }],
    ['nightly', { kind: 'nightly' }],
    ['>=1.0,<2', { kind: 'range', specifier: '>=1.0,<2' }],
    ['~=1.1', { kind: 'range', specifier: '~=1.1' }],
    ['==1.2.*', { kind: 'range', specifier: '==1.2.*' }]
  ])('reads %s', (text, request) => {
    expect(parseVersionRequest(text)).toEqual(request)
  })

  it.each([
    ['1.2.*', '==1.2.*'],
    ['=1.2', '==1.2.*'],
    ['>=1.0.0b3.dev2026072406,<2', '>=1.0.0b3.dev2026072406,<2'],
    ['>=1.0, <2', '>=1.0,<2']
  ])('reads the conda spec %s as %s', (text, specifier) => {
    expect(parseVersionRequest(text)).toEqual({ kind: 'range', specifier })
  })

  it('rejects text that is neither a version nor a specifier', () => {
    expect(parseVersionRequest('one-point-two')).toBeUndefined()
  })
})
