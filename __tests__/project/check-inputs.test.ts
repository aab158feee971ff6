import { afterEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { loadInputs } from '../../src/inputs/inputs.js'
import { checkInputs, checkWorkspace } from '../../src/project/check-inputs.js'
import type { PackageSpec, Project } from '../../src/project/package-spec.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterEach(removeTempDirs)

const data: PackageSpec = {
  dir: '/ws/shared/data',
  relDir: 'shared/data',
  name: 'ml-data',
  import: 'ml_data',
  version: '0.1.0',
  requires: {},
  dependencies: [],
  verifyImports: []
}
const project: Project = { name: 'ws', declaredDependencies: {}, packages: [data] }

function check(
  values: Record<string, string>,
  workspace = tempDir('ws'),
  of: Project = project,
  ref = 'refs/heads/main'
): void {
  checkInputs(
    loadInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: workspace }),
    of,
    ref
  )
}

describe('checkInputs', () => {
  it('fails a tag build that would ship nothing, naming the packages input', () => {
    const empty: Project = { ...project, packages: [] }
    expect(() => check({}, tempDir('ws'), empty, 'refs/tags/v0.1.0')).toThrow(
      "Input 'packages': a tag build (refs/tags/v0.1.0) releases what it builds, and this workspace has no package to build"
    )
  })

  it('lets a branch build with nothing to build run as a setup step', () => {
    expect(() => check({}, tempDir('ws'), { ...project, packages: [] })).not.toThrow()
  })

  it('refuses verify-* inputs when verify is false', () => {
    expect(() => check({ verify: 'false', 'verify-imports': 'ml-data: Dataset' })).toThrow(
      "Input 'verify-imports': is set while verify is false, so it would be ignored: remove it, or set verify: true."
    )
  })

  it('refuses a verify-commands archive that archives does not list', () => {
    expect(() => check({ archives: 'tools: scripts/**', 'verify-commands': 'tool: ./run.sh' })).toThrow(
      "Input 'verify-commands': 'tool' is not an archive this step builds: list it in 'archives' (tools), or fix the name before ':'."
    )
  })

  it('refuses a verify-imports key that names no package', () => {
    expect(() => check({ 'verify-imports': 'nope: X' })).toThrow(
      "Input 'verify-imports': 'nope' is not a package of this workspace (ml_data): use a package's name or import name."
    )
  })

  it('accepts a verify-imports key by manifest name or import name', () => {
    expect(() => check({ 'verify-imports': 'ml-data: X\nml_data: Y' })).not.toThrow()
  })

  it('refuses a bundle of a workspace without packages', () => {
    expect(() =>
      check({ bundle: 'all' }, tempDir('ws'), { name: 'ws', declaredDependencies: {}, packages: [] })
    ).toThrow("Input 'bundle': 'all' would hold no package: this workspace has none. Remove the input.")
  })

  it.each([
    ['../outside.mojo', 'is outside the workspace'],
    ['tests/smoke.py', 'is not a .mojo file'],
    ['tests/missing.mojo', 'does not exist']
  ])('refuses verify-script %s: it %s', (script, problem) => {
    expect(() => check({ 'verify-script': script })).toThrow(
      `Input 'verify-script': '${script}' ${problem}: list .mojo files relative to the workspace, one per line.`
    )
  })

  it('accepts a verify-script that exists in the workspace', () => {
    const ws = writeFiles(tempDir('ws'), { 'tests/smoke.mojo': 'def main():\n    pass\n' })
    expect(() => check({ 'verify-script': 'tests/smoke.mojo' }, ws)).not.toThrow()
  })
})

describe('checkWorkspace', () => {
  it('refuses a working-directory that does not exist', () => {
    const missing = `${tempDir('ws')}/nope`
    expect(() => checkWorkspace(missing)).toThrow(
      `Input 'working-directory': ${missing} does not exist: name the folder that holds the project, relative to the repository root.`
    )
  })

  it('refuses a working-directory that links out of the repository', () => {
    const repo = tempDir('repo')
    const elsewhere = tempDir('elsewhere')
    fs.symlinkSync(elsewhere, path.join(repo, 'sub'))
    expect(() => checkWorkspace(path.join(repo, 'sub'), repo)).toThrow(
      `Input 'working-directory': ${repo}/sub resolves to ${fs.realpathSync(elsewhere)}, outside the repository`
    )
    expect(() => checkWorkspace(repo, repo)).not.toThrow()
  })

  it('refuses a working-directory that is a file', () => {
    const ws = writeFiles(tempDir('ws'), { 'file.txt': '' })
    expect(() => checkWorkspace(`${ws}/file.txt`)).toThrow(`${ws}/file.txt is not a folder`)
  })
})
