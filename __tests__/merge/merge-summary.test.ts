/** The merge step's job summary: a row per package, a column per compiler, ✅ or the reason. */
import { describe, expect, it } from '@jest/globals'
import type { MergePlan } from '../../src/merge/merge-plan.js'
import { renderMergeSummary } from '../../src/merge/merge-summary.js'

const plan: MergePlan = {
  version: '0.1.0',
  compilers: ['1.1.0', '1.2.0'],
  wheelsMojo: '1.2.0',
  cells: [
    { name: 'a', mojo: '1.1.0', platform: 'linux-x64' },
    { name: 'b', mojo: '1.2.0', platform: 'linux-x64' },
    { name: 'c', mojo: '1.2.0', platform: 'darwin-arm64' }
  ],
  files: []
}
const packages = [{ name: 'greet', version: '0.1.0' }]

describe('renderMergeSummary', () => {
  it('puts the reason of a failed check in its cell, on one line, its | escaped', () => {
    const summary = renderMergeSummary({
      plan,
      packages,
      outputDir: 'dist',
      checks: [
        { name: 'greet', mojo: '1.1.0', ok: true },
        { name: 'greet', mojo: '1.2.0', ok: false, reason: 'the import failed:\nerror | here' }
      ]
    })
    expect(summary).toContain('| greet 0.1.0 | ✅ | the import failed: error \\| here |')
    expect(summary).toContain('## ❌ Merged release 0.1.0')
  })

  it('names the platforms of each compiler and the compiler whose wheels go to PyPI', () => {
    const summary = renderMergeSummary({ plan, packages, outputDir: 'dist' })
    expect(summary).toContain(
      'Mojo 1.1.0 on linux-x64; Mojo 1.2.0 on linux-x64, darwin-arm64. Wheels for PyPI: Mojo 1.2.0.'
    )
    expect(summary).toContain(
      '| greet 0.1.0 | not checked here (verify: false) | not checked here (verify: false) |'
    )
  })
})
