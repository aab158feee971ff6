import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { renderBundleGuide, renderInstallGuide, writeInstallGuide } from '../../src/assemble/install-guide.js'
import { installVerifyScript, writeInstallVerify } from '../../src/assemble/install-verify-script.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs } from '../support/temp.js'
import { buildOutput, run } from './support.js'

afterAll(removeTempDirs)

let outDir: string
let artifacts: Artifact[]
let guide: string

beforeAll(async () => {
  ;({ outDir, artifacts } = await buildOutput())
  const symbols = new Map([['data', ['Dataset', 'make_dataset']]])
  await writeInstallGuide(outDir, { name: 'ml-odyssey', version: '0.1.0', mojo: '1.2.0', artifacts, symbols })
  guide = fs.readFileSync(path.join(outDir, 'INSTALL.md'), 'utf8')
})

describe('INSTALL.md', () => {
  it('names every artifact with its sha256', () => {
    const missing = artifacts.filter((a) => !guide.includes(`| \`${a.file}\` | \`${a.sha256}\` |`))
    expect(missing).toEqual([])
  })

  it('requires the exact compiler and says why', () => {
    expect(guide).toContain(
      'The packages were precompiled by Mojo 1.2.0, and a precompiled Mojo package only loads in the compiler ' +
        'version that built it: no other version'
    )
  })

  it('shows how to install that compiler and check it', () => {
    expect(guide).toContain('pip install "mojo==1.2.0"\nmojo --version   # must print: Mojo 1.2.0 (...)')
  })

  it('checks the downloads with sha256sum', () => {
    expect(guide).toContain('```sh\nsha256sum -c SHA256SUMS --ignore-missing\n```')
  })

  it('copies a package under its import name', () => {
    expect(guide).toContain(
      '```sh\nmkdir -p ~/.local/lib/mojo\ncp data-0.1.0.mojoc ~/.local/lib/mojo/data.mojoc\n```'
    )
  })

  it('installs the dependency beside a package built against it', () => {
    expect(guide).toContain(
      'mkdir -p ~/.local/lib/mojo\n' +
        'cp odyssey_utils-0.1.0.mojoc ~/.local/lib/mojo/odyssey_utils.mojoc\n' +
        'cp training-0.1.0.mojoc ~/.local/lib/mojo/training.mojoc\n'
    )
  })

  it('gives an example program and the -I command to run it', () => {
    expect(guide).toContain(
      '```mojo\nfrom data import Dataset, make_dataset\n\n\ndef main():\n    print("imported data")\n```\n\n' +
        'and run it with the folder on the import path:\n\n```sh\nmojo run -I ~/.local/lib/mojo app.mojo\n```'
    )
  })

  it('extracts the bundle and runs its install.sh', () => {
    expect(guide).toContain(
      'tar -xzf ml-odyssey-0.1.0.tar.gz\n./ml-odyssey-0.1.0/install.sh ~/.local/lib/mojo\n'
    )
  })

  it('extracts the archives with tar and unzip', () => {
    expect([
      guide.includes('tar -xzf benchmarks-0.1.0.tar.gz'),
      guide.includes('unzip -q docs-offline-0.1.0.zip')
    ]).toEqual([true, true])
  })

  it('says how to run install_verify.sh after installing, by each route the release offers', async () => {
    const options = { name: 'ml-odyssey', version: '0.1.0', imports: ['data', 'odyssey_utils', 'training'] }
    const script = await writeInstallVerify(outDir, installVerifyScript(options), options)
    const text = renderInstallGuide({
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      artifacts: [...artifacts, script]
    })
    const section = text.slice(text.indexOf('### Script `install_verify` 0.1.0'))
    expect(section).toBe(
      '### Script `install_verify` 0.1.0\n\n' +
        `File \`install_verify.sh\`, sha256 \`${script.sha256}\`. \`install_verify.sh\` checks your install: for each ` +
        "package, from an empty folder, it runs the import check this release's verification ran (the package and " +
        'the names it exports) with the `mojo` on your PATH, prints each result and exits non-zero when one fails. ' +
        'Run it from the download folder after installing, the way you installed (`-p PACKAGE` checks only that ' +
        'package):\n\n```sh\nsh install_verify.sh dir ~/.local/lib/mojo\n```\n'
    )
  })

  it('has shell blocks that sh can parse', async () => {
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n')
    await expect(run('sh', ['-n', '-c', blocks])).resolves.toBe('')
  })

  it("quotes the changelog's section for the version under its title", () => {
    const changes = {
      file: 'CHANGELOG.md',
      heading: '## [0.1.0] - 2026-10-01',
      body: '### Added\n\n- `Dataset`.'
    }
    const text = renderInstallGuide({
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      artifacts,
      changes
    })
    expect(text).toMatch(
      /^# Installing ml-odyssey 0\.1\.0\n\n## What changed in 0\.1\.0\n\nFrom `CHANGELOG\.md`:\n\n### Added\n\n- `Dataset`\.\n\n## /
    )
  })
})

describe('the guide inside the bundle', () => {
  it('runs ./install.sh and the example from the extracted folder', () => {
    const text = renderBundleGuide({
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      imports: ['data', 'training']
    })
    expect([
      text.includes('```sh\n./install.sh\n```'),
      text.includes('import data\nimport training\n')
    ]).toEqual([true, true])
  })
})

describe('the guide inside the bundle of a tag build', () => {
  it("quotes the changelog's section for the version first", () => {
    const text = renderBundleGuide({
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      imports: ['data'],
      changes: { file: 'CHANGELOG.md', heading: '## [0.1.0] - 2026-10-01', body: '### Added\n\n- `Dataset`.' }
    })
    expect(text).toMatch(
      /^# ml-odyssey 0\.1\.0: Mojo packages\n\n## What changed in 0\.1\.0\n\nFrom `CHANGELOG\.md`:\n\n### Added\n\n- `Dataset`\.\n\n`lib\/` holds/
    )
  })
})

describe('the guide inside the bundle, beside install_verify.sh', () => {
  it('checks the packages where install.sh put them', () => {
    const text = renderBundleGuide({
      name: 'ml-odyssey',
      version: '0.1.0',
      mojo: '1.2.0',
      imports: ['data', 'training'],
      installVerify: true
    })
    expect(text).toMatch(
      /\n## Check\n\n`install_verify\.sh` checks your install: .* With the packages in DEST:\n\n```sh\nsh install_verify\.sh dir ~\/\.local\/lib\/mojo\n```\n$/
    )
  })
})
