import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { annotate, annotateFrom } from '../src/annotate.js'

let out: string[]

beforeEach(() => {
  out = []
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  annotateFrom('/repo', '/repo')
})

describe('annotate', () => {
  it('places a workspace file by its path in the repository when working-directory is a subfolder', () => {
    annotateFrom('/repo/sub/ws', '/repo')
    annotate('error', 'boom', { title: 'Mojo', file: 'shared/data/mojo.toml', startLine: 3 })
    expect(out.join('')).toBe('::error title=Mojo,file=sub/ws/shared/data/mojo.toml,line=3::boom\n')
  })

  it('leaves the file as it is when the workspace is the repository', () => {
    annotateFrom('/repo', '/repo')
    annotate('warning', 'careful', { file: 'CHANGELOG.md' })
    expect(out.join('')).toBe('::warning file=CHANGELOG.md::careful\n')
  })
})
