import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError } from '../../src/errors.js'
import { chooseFormat, formatRefusal } from '../../src/compile/format.js'

const captured = (name: string): string =>
  fs.readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', `${name}.stderr`),
    'utf8'
  )

describe('chooseFormat', () => {
  it('picks .mojoc via precompile when the compiler has it', () => {
    expect(chooseFormat('auto', '1.2.0', true)).toEqual({ format: 'mojoc', command: 'precompile' })
  })

  it('picks .mojopkg via package when it does not', () => {
    expect(chooseFormat('auto', '0.26.2.0', false)).toEqual({ format: 'mojopkg', command: 'package' })
  })

  it('asks precompile for .mojopkg on a compiler with precompile (package is its deprecated alias)', () => {
    expect(chooseFormat('mojopkg', '1.2.0', true)).toEqual({ format: 'mojopkg', command: 'precompile' })
  })

  it('refuses .mojoc on a compiler without precompile, saying what to use', () => {
    const choose = () => chooseFormat('mojoc', '0.26.2.0', false)
    expect(choose).toThrow(InputError)
    expect(choose).toThrow(
      "Input 'format': Mojo 0.26.2.0 has no 'mojo precompile', so it cannot write .mojoc packages: use format: mojopkg (or auto)"
    )
  })
})

describe('formatRefusal', () => {
  it("turns 1.2.0's refusal of .mojopkg into an error about the format input", () => {
    expect(formatRefusal(captured('mojopkg-refused-1.2.0'), 'mojopkg', '1.2.0')?.message).toBe(
      "Input 'format': Mojo 1.2.0 cannot write .mojopkg packages (it said: output path must have a '.mojoc' extension): use format: mojoc or auto."
    )
  })

  it('ignores ordinary compile errors', () => {
    expect(formatRefusal(captured('errors-1.2.0'), 'mojoc', '1.2.0')).toBeUndefined()
  })
})
