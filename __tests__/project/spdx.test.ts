import { describe, expect, it } from '@jest/globals'
import { isSpdxExpression } from '../../src/project/spdx.js'

describe('isSpdxExpression', () => {
  it.each([
    'MIT',
    'Apache-2.0',
    'BSD-3-Clause',
    'GPL-2.0+',
    'LicenseRef-my-license',
    'DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2',
    'MIT OR Apache-2.0',
    'Apache-2.0 WITH LLVM-exception',
    '(MIT AND BSD-3-Clause) OR Apache-2.0',
    'mit or apache-2.0'
  ])('takes %s', (text) => {
    expect(isSpdxExpression(text)).toBe(true)
  })

  it.each([
    '',
    'MIT License',
    'MIT,Apache-2.0',
    'MIT OR',
    'AND MIT',
    '(MIT OR Apache-2.0',
    'MIT)',
    'MIT WITH',
    'MIT WITH (Apache-2.0)',
    'MIT\nRequires-Dist: evilpkg',
    'MIT Or Apache-2.0',
    'Proprietary; see LICENSE'
  ])('refuses %j', (text) => {
    expect(isSpdxExpression(text)).toBe(false)
  })
})
