/**
 * action.yml is the contract: every input is read by loadInputs and documented, every output documented,
 * and each input's `default:` means what README's Inputs table says it means.
 */
import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { loadInputs, type Inputs } from '../src/inputs/inputs.js'
import { repoRoot } from './support/run-action.js'

const actionYml = fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')
const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

function section(name: string): string[] {
  const body = actionYml.split(new RegExp(`^${name}:$`, 'm'))[1].split(/^\S/m)[0]
  return [...body.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1])
}

/** A YAML scalar as action.yml writes it: 'single-quoted', "double-quoted" or plain. */
function scalar(text: string): string {
  const value = text.trim()
  if (value.startsWith("'")) return value.slice(1, -1).replace(/''/g, "'")
  if (value.startsWith('"')) return JSON.parse(value) as string
  return value
}

/** Each input's `default:` in action.yml: what the runner passes when a workflow leaves the input out. */
function defaults(): Record<string, string> {
  const body = actionYml.split(/^inputs:$/m)[1].split(/^\S/m)[0]
  const found: Record<string, string> = {}
  for (const block of body.split(/^(?= {2}[a-z-]+:$)/m)) {
    const name = /^ {2}([a-z-]+):$/m.exec(block)?.[1]
    const value = /^ {4}default:(.*)$/m.exec(block)?.[1]
    if (name !== undefined && value !== undefined) found[name] = scalar(value)
  }
  return found
}

/** README's Inputs table: input name -> its Default cell. */
function readmeDefaults(): Record<string, string> {
  const table = readme.split(/^## Inputs$/m)[1].split(/^## /m)[0]
  const cells: Record<string, string> = {}
  for (const m of table.matchAll(/^\| `([a-z-]+)` +\| (.*?) +\|/gm)) cells[m[1]] = m[2]
  return cells
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

describe("action.yml's input defaults", () => {
  const declared = defaults()
  const workspace = '/home/runner/work/ml-odyssey/ml-odyssey'
  const read = (get: (name: string) => string): Inputs => loadInputs(get, { GITHUB_WORKSPACE: workspace })

  it('states a default for every input', () => {
    expect(Object.keys(declared).sort()).toEqual(section('inputs').sort())
  })

  it('reads as the behaviour README documents', () => {
    expect(read((name) => declared[name] ?? '')).toEqual({
      mojoVersion: '', // from mojo-version-file, else latest
      mojoVersionFile: '', // the first of the lock files, then the files that declare Mojo
      pixiEnvironment: '', // default
      indexUrl: '', // PyPI; the Modular nightly index for dev versions
      cache: 'true',
      cacheToolchain: false, // downloading measured faster than restoring on a fresh runner
      compileCache: true,
      workspace, // working-directory '.': the repository
      packages: [], // discovered
      externalPackages: [], // none, plus the pixi environment's lib/mojo
      outputDir: 'dist',
      formats: new Set(['mojoc', 'wheel', 'conda']),
      format: 'auto',
      version: '', // from the manifests
      bundle: '', // none
      archives: [],
      checkTag: true,
      checkVersionBump: 'warn', // error on tag builds, warn on others (GITHUB_REF is a branch here)
      changelog: '', // CHANGELOG.md when there is one
      compileTimeoutMs: 30 * 60_000,
      verify: true,
      verifyImports: new Map(),
      verifyScripts: [],
      verifyCommands: [],
      upload: true,
      artifactName: '', // mojo-packages-<version>
      inMatrix: false, // the runner fills in the job's matrix; here, as written, it is no matrix
      uploadMode: 'archive',
      retentionDays: 0, // the repository setting
      compressionLevel: 6,
      ifNoFilesFound: 'warn',
      overwrite: false
    } satisfies Inputs)
  })

  // A workflow passing an empty expression (`cache: ${{ inputs.cache }}`) gets '' instead of the default.
  it.each(section('inputs'))('reads %s left empty the same as its action.yml default', (input) => {
    const withDefault = read((name) => (name === input ? (declared[name] ?? '') : ''))
    expect(read(() => '')).toEqual(withDefault)
  })

  it.each(Object.keys(declared).filter((name) => declared[name] !== ''))(
    "shows %s's default in README's Inputs table as action.yml states it",
    (input) => {
      expect(readmeDefaults()[input]).toBe(`\`${declared[input]}\``)
    }
  )
})
