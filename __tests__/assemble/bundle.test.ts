import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { writeBundle, type BundleOptions } from '../../src/assemble/bundle.js'
import type { Artifact } from '../../src/types.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'
import { dummyPackages, run, runFull, tarListing } from './support.js'

afterAll(removeTempDirs)

let packagesDir: string
let packages: Artifact[]

function options(overrides: Partial<BundleOptions> = {}): BundleOptions {
  return {
    name: 'ml-odyssey',
    version: '0.1.0',
    packages,
    packagesDir,
    outDir: tempDir(),
    epoch: 1700000000,
    mojo: '1.2.0',
    ...overrides
  }
}

/** Builds the bundle and extracts it; returns the extracted folder. */
async function extracted(): Promise<string> {
  const opts = options()
  await writeBundle(opts)
  await run('tar', ['-xzf', 'ml-odyssey-0.1.0.tar.gz'], opts.outDir)
  return path.join(opts.outDir, 'ml-odyssey-0.1.0')
}

/** A PATH holding a fake `mojo` that reports `version`, plus the system tools install.sh uses. */
function pathWithMojo(version: string): string {
  const bin = tempDir('bin')
  fs.writeFileSync(path.join(bin, 'mojo'), `#!/bin/sh\necho "Mojo ${version} (0000000)"\n`, { mode: 0o755 })
  return `${bin}:/usr/bin:/bin`
}

beforeAll(() => {
  packagesDir = tempDir('packages')
  packages = dummyPackages(packagesDir)
})

describe('writeBundle', () => {
  it('holds lib/<import>.<ext> for every package, an executable install.sh and INSTALL.md', async () => {
    const opts = options()
    await writeBundle(opts)
    expect(await tarListing(path.join(opts.outDir, 'ml-odyssey-0.1.0.tar.gz'))).toEqual([
      'drwxr-xr-x 0/0 ml-odyssey-0.1.0/',
      '-rw-r--r-- 0/0 ml-odyssey-0.1.0/INSTALL.md',
      '-rwxr-xr-x 0/0 ml-odyssey-0.1.0/install.sh',
      'drwxr-xr-x 0/0 ml-odyssey-0.1.0/lib/',
      '-rw-r--r-- 0/0 ml-odyssey-0.1.0/lib/data.mojoc',
      '-rw-r--r-- 0/0 ml-odyssey-0.1.0/lib/odyssey_utils.mojoc',
      '-rw-r--r-- 0/0 ml-odyssey-0.1.0/lib/training.mojoc'
    ])
  })

  it('records a bundle artifact with the import names and the compiler version', async () => {
    const artifact = await writeBundle(options())
    expect({ ...artifact, sha256: artifact.sha256.length }).toEqual({
      kind: 'bundle',
      name: 'ml-odyssey',
      version: '0.1.0',
      file: 'ml-odyssey-0.1.0.tar.gz',
      sha256: 64,
      size: artifact.size,
      mojo: '1.2.0',
      contents: ['data', 'odyssey_utils', 'training']
    })
  })

  it("holds the workspace's license file at its root and a package's own under licenses/<import>/", async () => {
    const ws = writeFiles(tempDir('ws'), { LICENSE: 'MIT text\n', 'shared/data/COPYING': 'GPL text\n' })
    const licenses = {
      workspace: path.join(ws, 'LICENSE'),
      packages: new Map([['data', path.join(ws, 'shared', 'data', 'COPYING')]])
    }
    const opts = options({ licenses })
    const artifact = await writeBundle(opts)
    expect(artifact.licenses).toEqual(['ml-odyssey-0.1.0/LICENSE', 'ml-odyssey-0.1.0/licenses/data/COPYING'])
    const listing = await tarListing(path.join(opts.outDir, artifact.file))
    expect(listing).toContain('-rw-r--r-- 0/0 ml-odyssey-0.1.0/LICENSE')
    expect(listing).toContain('-rw-r--r-- 0/0 ml-odyssey-0.1.0/licenses/data/COPYING')
  })

  it('builds byte-identical bundles from the same packages', async () => {
    const [a, b] = [options(), options()]
    await writeBundle(a)
    await writeBundle(b)
    const read = (dir: string): Buffer => fs.readFileSync(path.join(dir, 'ml-odyssey-0.1.0.tar.gz'))
    expect(read(b.outDir)).toEqual(read(a.outDir))
  })

  it('refuses a bundle name that cannot be a file name', async () => {
    await expect(writeBundle(options({ name: 'ml odyssey' }))).rejects.toThrow(
      "Input 'bundle': 'ml odyssey' may hold only"
    )
  })
})

describe('install.sh', () => {
  let bundle: string
  beforeAll(async () => {
    bundle = await extracted()
  })

  it('copies every package into DEST under its installed name, byte for byte', async () => {
    const dest = path.join(tempDir('dest'), 'libs')
    await run(path.join(bundle, 'install.sh'), [dest], tempDir(), { PATH: '/usr/bin:/bin' })
    const installed = fs.readdirSync(dest).map((f) => [f, fs.readFileSync(path.join(dest, f)).toString()])
    expect(installed).toEqual(
      packages.map((p) => [`${p.import}.mojoc`, fs.readFileSync(path.join(packagesDir, p.file)).toString()])
    )
  })

  it('prints the mojo run line for DEST', async () => {
    const dest = tempDir('dest')
    const out = await run(path.join(bundle, 'install.sh'), [dest], undefined, { PATH: '/usr/bin:/bin' })
    expect(out).toContain(`Use them with: mojo run -I ${dest} app.mojo`)
  })

  it('installs into $MOJO_LIBS without DEST', async () => {
    const libs = tempDir('libs')
    await run(path.join(bundle, 'install.sh'), [], undefined, { PATH: '/usr/bin:/bin', MOJO_LIBS: libs })
    expect(fs.readdirSync(libs)).toEqual(['data.mojoc', 'odyssey_utils.mojoc', 'training.mojoc'])
  })

  it('installs into ~/.local/lib/mojo without DEST or MOJO_LIBS', async () => {
    const home = tempDir('home')
    const env = { PATH: '/usr/bin:/bin', HOME: home, MOJO_LIBS: '' }
    await run(path.join(bundle, 'install.sh'), [], undefined, env)
    expect(fs.readdirSync(path.join(home, '.local/lib/mojo'))).toHaveLength(3)
  })

  it('warns when mojo on PATH is another version', async () => {
    const env = { PATH: pathWithMojo('0.26.2.0') }
    const { stderr } = await runFull(path.join(bundle, 'install.sh'), [tempDir()], undefined, env)
    expect(stderr).toContain("need Mojo 1.2.0 exactly, but 'mojo --version' reports '0.26.2.0'")
  })

  it('does not warn when mojo on PATH is the version that built the packages', async () => {
    const env = { PATH: pathWithMojo('1.2.0') }
    const { stderr } = await runFull(path.join(bundle, 'install.sh'), [tempDir()], undefined, env)
    expect(stderr).toBe('')
  })
})
