import { describe, expect, it } from '@jest/globals'
import { wideGraph } from '../../bench/workspaces.js'

describe('wideGraph', () => {
  it('is the 8-package graph the bench has always built', () => {
    expect(wideGraph(8).map((p) => `${p.name}: ${p.deps.join(' ')}`)).toEqual([
      'leaf1: ',
      'leaf2: ',
      'leaf3: ',
      'leaf4: ',
      'leaf5: ',
      'middle1: leaf1 leaf2 leaf3',
      'middle2: leaf3 leaf4 leaf5',
      'top: middle1 middle2'
    ])
  })

  it('gives 32 packages, each after the packages it imports', () => {
    const graph = wideGraph(32)
    const seen = new Set<string>()
    const late = graph.flatMap((p) => {
      const missing = p.deps.filter((d) => !seen.has(d))
      seen.add(p.name)
      return missing
    })
    expect([graph.length, seen.size, late]).toEqual([32, 32, []])
  })
})
