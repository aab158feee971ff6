import { describe, it, expect } from '@jest/globals'
import { PublishError } from '../../src/errors.js'
import { loadInputs, type Inputs } from '../../src/inputs/inputs.js'
import { artifactUrl, planUploads, runnerPlatform } from '../../src/publish/upload.js'

const inputs = (values: Record<string, string> = {}): Inputs =>
  loadInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: '/ws' })
const files = ['/ws/dist/data-0.1.0.mojoc', '/ws/dist/SHA256SUMS']
const naming = { version: '0.1.0', mojo: '1.2.0', platform: 'linux-x64' }
// What the runner passes as `matrix` in a matrix job: toJSON(matrix), pretty-printed.
const inMatrix = { matrix: '{\n  "mojo": "1.2.0",\n  "os": "ubuntu-24.04"\n}' }

describe('planUploads', () => {
  it('plans one zipped artifact of the output directory named mojo-packages-<version>', () => {
    expect(planUploads('/ws/dist', files, inputs(), naming)).toEqual([
      { name: 'mojo-packages-0.1.0', files, rootDirectory: '/ws/dist', raw: false }
    ])
  })

  it('names the archive artifact after artifact-name when given', () => {
    const [plan] = planUploads('/ws/dist', files, inputs({ 'artifact-name': 'pkgs-linux' }), naming)
    expect(plan.name).toBe('pkgs-linux')
  })

  it('adds the compiler and the platform to the default name in a matrix job', () => {
    const [plan] = planUploads('/ws/dist', files, inputs(inMatrix), naming)
    expect(plan.name).toBe('mojo-packages-0.1.0-mojo1.2.0-linux-x64')
  })

  it('keeps the name without compiler and platform outside a matrix (the runner passes null)', () => {
    const [plan] = planUploads('/ws/dist', files, inputs({ matrix: 'null' }), naming)
    expect(plan.name).toBe('mojo-packages-0.1.0')
  })

  it('names the archive artifact after artifact-name in a matrix too', () => {
    const [plan] = planUploads('/ws/dist', files, inputs({ ...inMatrix, 'artifact-name': 'mine' }), naming)
    expect(plan.name).toBe('mine')
  })

  it('plans one raw artifact per file, named after the file, in files mode', () => {
    expect(planUploads('/ws/dist', files, inputs({ 'upload-mode': 'files' }), naming)).toEqual([
      { name: 'data-0.1.0.mojoc', files: [files[0]], rootDirectory: '/ws/dist', raw: true },
      { name: 'SHA256SUMS', files: [files[1]], rootDirectory: '/ws/dist', raw: true }
    ])
  })

  it('refuses two files of one name in files mode, naming upload-mode', () => {
    const clash = ['/ws/dist/a/SHA256SUMS', '/ws/dist/b/SHA256SUMS']
    const plan = (): unknown => planUploads('/ws/dist', clash, inputs({ 'upload-mode': 'files' }), naming)
    expect(plan).toThrow(PublishError)
    expect(plan).toThrow(/share the name 'SHA256SUMS'.*'upload-mode: archive'/)
  })
})

describe('runnerPlatform', () => {
  it.each([
    ['linux', 'x64', 'linux-x64'],
    ['linux', 'arm64', 'linux-arm64'],
    ['darwin', 'arm64', 'macos-arm64']
  ])('names %s/%s as RUNNER_OS-RUNNER_ARCH in lower case: %s', (platform, arch, name) => {
    expect(runnerPlatform(platform, arch)).toBe(name)
  })
})

describe('artifactUrl', () => {
  it('points at the artifact in the workflow run, as upload-artifact reports it', () => {
    const env = {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'octo/repo',
      GITHUB_RUN_ID: '42'
    }
    expect(artifactUrl(7, env)).toBe('https://github.com/octo/repo/actions/runs/42/artifacts/7')
  })
})
