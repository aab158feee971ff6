import { describe, it, expect } from '@jest/globals'
import { PublishError } from '../../src/errors.js'
import { loadInputs, type Inputs } from '../../src/inputs/inputs.js'
import { artifactUrl, planUploads } from '../../src/publish/upload.js'

const inputs = (values: Record<string, string> = {}): Inputs =>
  loadInputs((name) => values[name] ?? '', { GITHUB_WORKSPACE: '/ws' })
const files = ['/ws/dist/data-0.1.0.mojoc', '/ws/dist/SHA256SUMS']

describe('planUploads', () => {
  it('plans one zipped artifact of the output directory named mojo-packages-<version>', () => {
    expect(planUploads('/ws/dist', files, inputs(), '0.1.0')).toEqual([
      { name: 'mojo-packages-0.1.0', files, rootDirectory: '/ws/dist', raw: false }
    ])
  })

  it('names the archive artifact after artifact-name when given', () => {
    const [plan] = planUploads('/ws/dist', files, inputs({ 'artifact-name': 'pkgs-linux' }), '0.1.0')
    expect(plan.name).toBe('pkgs-linux')
  })

  it('plans one raw artifact per file, named after the file, in files mode', () => {
    expect(planUploads('/ws/dist', files, inputs({ 'upload-mode': 'files' }), '0.1.0')).toEqual([
      { name: 'data-0.1.0.mojoc', files: [files[0]], rootDirectory: '/ws/dist', raw: true },
      { name: 'SHA256SUMS', files: [files[1]], rootDirectory: '/ws/dist', raw: true }
    ])
  })

  it('refuses two files of one name in files mode, naming upload-mode', () => {
    const clash = ['/ws/dist/a/SHA256SUMS', '/ws/dist/b/SHA256SUMS']
    const plan = (): unknown => planUploads('/ws/dist', clash, inputs({ 'upload-mode': 'files' }), '0.1.0')
    expect(plan).toThrow(PublishError)
    expect(plan).toThrow(/share the name 'SHA256SUMS'.*'upload-mode: archive'/)
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
