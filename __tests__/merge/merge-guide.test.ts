/** The merged INSTALL.md: the compilers covered, the install line for each, and where the wheels go. */
import { describe, expect, it } from '@jest/globals'
import { renderMergeGuide } from '../../src/merge/merge-guide.js'
import type { MergePlan } from '../../src/merge/merge-plan.js'

const plan: MergePlan = {
  version: '0.1.0',
  compilers: ['1.1.0', '1.2.0'],
  wheelsMojo: '1.1.0',
  cells: [
    { name: 'a', mojo: '1.1.0', platform: 'linux-x64' },
    { name: 'b', mojo: '1.2.0', platform: 'darwin-arm64' }
  ],
  files: []
}
const guide = renderMergeGuide({
  plan,
  packages: [{ name: 'greet', version: '0.1.0' }],
  wheels: ['greet'],
  channelUrl: 'https://octo.github.io/greet'
})

describe('renderMergeGuide', () => {
  it('has a row per compiler with its pixi line, and the pip line for the compiler chosen for PyPI', () => {
    expect(guide).toContain(
      '| 1.1.0 | linux-x64 | `pixi add mojo-compiler==1.1.0 greet==0.1.0` | `pip install greet==0.1.0` |\n' +
        '| 1.2.0 | darwin-arm64 | `pixi add mojo-compiler==1.2.0 greet==0.1.0` | the files in `mojo-1.2.0.tar.gz` |'
    )
  })

  it('says how to add the channel, then the package', () => {
    expect(guide).toContain('pixi workspace channel add https://octo.github.io/greet\npixi add greet\n')
  })

  it('says how many earlier packages the channel keeps only when it was asked to keep them', () => {
    expect(guide).not.toContain('earlier')
    const earlier = { url: 'https://octo.github.io/greet', records: [] }
    expect(renderMergeGuide({ plan, packages: [], wheels: [], earlier })).toContain(
      'The channel keeps 0 packages of earlier releases from https://octo.github.io/greet'
    )
  })
})
