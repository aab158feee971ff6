import { describe, expect, it } from '@jest/globals'
import { importedModules } from '../../src/project/imports.js'

describe('importedModules', () => {
  it('finds the top-level packages a Mojo file imports', () => {
    const source =
      'from data import Dataset\nimport training.trainer, odyssey_utils as u\nfrom std.testing import x\n'
    expect(importedModules(source)).toEqual(['data', 'odyssey_utils', 'std', 'training'])
  })

  it('leaves out relative imports', () => {
    expect(importedModules('from .dataset import Dataset\nfrom ..x import y\n')).toEqual([])
  })
})
