/** action.yml is the contract: every input is read by loadInputs and documented, every output documented. */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { loadInputs } from '../src/inputs/inputs.js'
import { repoRoot } from './support/run-action.js'

const actionYml = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

function section(name: string): string[] {
  const body = actionYml.split(new RegExp(`^${name}:$`, 'm'))[1].split(/^\S/m)[0]
  return [...body.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
}

describe('action.yml', () => {
  const inputs = section('inputs')
  const outputs = section('outputs')

  it('declares inputs and outputs', () => {
    expect(inputs).toContain('mojo-version')
    expect(outputs).toContain('verified')
  })

  it('has every input read by loadInputs', () => {
    const read = new Set<string>()
    loadInputs((name) => (read.add(name), ''), {})
    expect([...read].sort()).toEqual([...inputs].sort())
  })

  it.each(section('inputs'))('documents input %s in README.md', (name) => {
    expect(readme).toContain(`| \`${name}\``)
  })

  it.each(section('outputs'))('documents output %s in README.md', (name) => {
    expect(readme).toContain(`\`${name}\``)
  })
})
