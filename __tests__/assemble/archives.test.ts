import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { writeArchive, type ArchiveOptions } from '../../src/assemble/archives.js'
import type { ArchiveSpec } from '../../src/inputs/inputs.js'
import { fixtureCopy, fixtureWorkspace, removeTempDirs, tempDir } from '../support/temp.js'
import { run, tarListing, zipListing } from './support.js'

afterAll(removeTempDirs)

const benchmarks: ArchiveSpec = {
  name: 'benchmarks',
  format: 'tar.gz',
  patterns: ['scripts/benchmarks/**', 'benchmarks/**', 'README.md', 'LICENSE']
}
const docs: ArchiveSpec = { name: 'docs-offline', format: 'zip', patterns: ['site/**'] }

function options(overrides: Partial<ArchiveOptions> = {}): ArchiveOptions {
  return {
    workspace: fixtureWorkspace,
    version: '0.1.0',
    epoch: 1700000000,
    outDir: tempDir(),
    exclude: ['dist'],
    ...overrides
  }
}

describe('writeArchive', () => {
  it('lists the benchmarks files under benchmarks-0.1.0/ with normalised modes and owner 0/0', async () => {
    const opts = options()
    const artifact = await writeArchive(benchmarks, opts)
    expect(await tarListing(path.join(opts.outDir, 'benchmarks-0.1.0.tar.gz'))).toEqual([
      'drwxr-xr-x 0/0 benchmarks-0.1.0/',
      '-rw-r--r-- 0/0 benchmarks-0.1.0/LICENSE',
      '-rw-r--r-- 0/0 benchmarks-0.1.0/README.md',
      'drwxr-xr-x 0/0 benchmarks-0.1.0/benchmarks/',
      '-rw-r--r-- 0/0 benchmarks-0.1.0/benchmarks/bench_clamp.mojo',
      'drwxr-xr-x 0/0 benchmarks-0.1.0/scripts/',
      'drwxr-xr-x 0/0 benchmarks-0.1.0/scripts/benchmarks/',
      '-rwxr-xr-x 0/0 benchmarks-0.1.0/scripts/benchmarks/run_all.sh'
    ])
    expect(artifact.contents).toHaveLength(8)
  })

  it('lists the site under docs-offline-0.1.0/ in the zip with Unix modes', async () => {
    const opts = options()
    await writeArchive(docs, opts)
    expect(await zipListing(path.join(opts.outDir, 'docs-offline-0.1.0.zip'))).toEqual([
      'drwxr-xr-x docs-offline-0.1.0/',
      'drwxr-xr-x docs-offline-0.1.0/site/',
      'drwxr-xr-x docs-offline-0.1.0/site/api/',
      '-rw-r--r-- docs-offline-0.1.0/site/api/data.html',
      '-rw-r--r-- docs-offline-0.1.0/site/index.html'
    ])
  })

  it("adds the workspace's license file at the root when the patterns do not take it", async () => {
    const opts = options({ licenseFile: path.join(fixtureWorkspace, 'LICENSE') })
    const artifact = await writeArchive(docs, opts)
    expect(artifact.licenses).toEqual(['docs-offline-0.1.0/LICENSE'])
    expect(await zipListing(path.join(opts.outDir, artifact.file))).toContain(
      '-rw-r--r-- docs-offline-0.1.0/LICENSE'
    )
    expect(await run('unzip', ['-p', artifact.file, 'docs-offline-0.1.0/LICENSE'], opts.outDir)).toBe(
      fs.readFileSync(path.join(fixtureWorkspace, 'LICENSE'), 'utf8')
    )
  })

  it('adds it only once when a pattern takes it, where the pattern put it', async () => {
    const ws = fixtureCopy({ 'legal/COPYING': 'GPL text\n' })
    const opts = options({ workspace: ws, licenseFile: path.join(ws, 'legal', 'COPYING') })
    const artifact = await writeArchive({ ...docs, patterns: ['site/**', 'legal/**'] }, opts)
    expect(artifact.licenses).toEqual(['docs-offline-0.1.0/legal/COPYING'])
    expect(artifact.contents!.filter((e) => e.endsWith('COPYING'))).toEqual([
      'docs-offline-0.1.0/legal/COPYING'
    ])
  })

  it('records the entries as contents, in the order tar lists them', async () => {
    const opts = options()
    const artifact = await writeArchive(docs, opts)
    const listed = await run('unzip', ['-Z1', path.join(opts.outDir, artifact.file)])
    expect(artifact.contents).toEqual(listed.trim().split('\n'))
  })

  it('keeps run_all.sh executable in a zip', async () => {
    const opts = options()
    await writeArchive({ ...benchmarks, format: 'zip' }, opts)
    const listing = await zipListing(path.join(opts.outDir, 'benchmarks-0.1.0.zip'))
    expect(listing).toContain('-rwxr-xr-x benchmarks-0.1.0/scripts/benchmarks/run_all.sh')
  })

  it('extracts with tar into a folder where run_all.sh runs', async () => {
    const opts = options()
    await writeArchive(benchmarks, opts)
    await run('tar', ['-xzf', 'benchmarks-0.1.0.tar.gz'], opts.outDir)
    const out = await run('./benchmarks-0.1.0/scripts/benchmarks/run_all.sh', ['--help'], opts.outDir)
    expect(out).toContain('runs: bench_clamp.mojo')
  })

  it('names the file, its sha256 and size as sha256sum and stat see them', async () => {
    const opts = options()
    const artifact = await writeArchive(benchmarks, opts)
    const file = path.join(opts.outDir, 'benchmarks-0.1.0.tar.gz')
    const [sum] = (await run('sha256sum', [file])).split(' ')
    expect({ ...artifact, contents: undefined }).toEqual({
      kind: 'archive',
      name: 'benchmarks',
      version: '0.1.0',
      file: 'benchmarks-0.1.0.tar.gz',
      sha256: sum,
      size: fs.statSync(file).size,
      contents: undefined
    })
  })

  it('builds byte-identical tar.gz and zip files from one tree even when file times change', async () => {
    const workspace = fixtureCopy()
    const first = options({ workspace })
    const second = options({ workspace })
    for (const spec of [benchmarks, docs]) await writeArchive(spec, first)
    for (const file of ['README.md', 'site/index.html']) fs.utimesSync(path.join(workspace, file), 2e9, 2e9)
    for (const spec of [benchmarks, docs]) await writeArchive(spec, second)
    for (const file of ['benchmarks-0.1.0.tar.gz', 'docs-offline-0.1.0.zip']) {
      expect(fs.readFileSync(path.join(second.outDir, file))).toEqual(
        fs.readFileSync(path.join(first.outDir, file))
      )
    }
  })

  it('builds a byte-identical zip in another time zone', async () => {
    const zone = process.env.TZ
    const builds = []
    try {
      for (const tz of ['UTC', 'America/New_York']) {
        process.env.TZ = tz
        const opts = options()
        await writeArchive(docs, opts)
        builds.push(fs.readFileSync(path.join(opts.outDir, 'docs-offline-0.1.0.zip')))
      }
    } finally {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    }
    expect(builds[1]).toEqual(builds[0])
  })

  it('writes a gzip header without a time and with the Unix OS byte', async () => {
    const opts = options()
    await writeArchive(benchmarks, opts)
    const header = fs.readFileSync(path.join(opts.outDir, 'benchmarks-0.1.0.tar.gz')).subarray(0, 10)
    expect([...header.subarray(4, 8), header[9]]).toEqual([0, 0, 0, 0, 3])
  })

  it('stamps every entry with the epoch', async () => {
    const opts = options({ epoch: 1700000000 })
    await writeArchive(benchmarks, opts)
    await writeArchive(docs, opts)
    const tarTimes = (await run('tar', ['-tvzf', 'benchmarks-0.1.0.tar.gz'], opts.outDir))
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/).slice(3, 5).join(' '))
    const zipTimes = (await run('zipinfo', ['-T', 'docs-offline-0.1.0.zip'], opts.outDir))
      .split('\n')
      .filter((line) => /^[-d]/.test(line))
      .map((line) => line.split(/\s+/)[6])
    expect([...new Set(tarTimes), ...new Set(zipTimes)]).toEqual(['2023-11-14 22:13', '20231114.221320'])
  })
})

describe('writeArchive refuses what it cannot archive', () => {
  it('names the pattern and the archive when a pattern matches nothing', async () => {
    const spec = { ...benchmarks, patterns: ['README.md', 'missing/**'] }
    await expect(writeArchive(spec, options())).rejects.toThrow(
      "Input 'archives': pattern 'missing/**' of archive 'benchmarks' matches no file"
    )
  })

  it("refuses a pattern with '..'", async () => {
    const spec = { ...benchmarks, patterns: ['../workspace/README.md'] }
    await expect(writeArchive(spec, options())).rejects.toThrow(
      "pattern '../workspace/README.md' of archive 'benchmarks' uses '..'"
    )
  })

  it('refuses an absolute pattern', async () => {
    const spec = { ...benchmarks, patterns: ['/etc/hostname'] }
    await expect(writeArchive(spec, options())).rejects.toThrow(
      "pattern '/etc/hostname' of archive 'benchmarks' is an absolute path"
    )
  })

  it('refuses a symbolic link inside a matched folder that points out of the workspace', async () => {
    const workspace = fixtureCopy()
    fs.symlinkSync('/etc', path.join(workspace, 'site', 'etc'))
    await expect(writeArchive(docs, options({ workspace }))).rejects.toThrow(
      "'site/etc' (taken by pattern 'site/**' of archive 'docs-offline') resolves to /etc, outside the workspace"
    )
  })

  it('refuses a file whose name holds a newline instead of dropping it, printing the name escaped', async () => {
    const workspace = fixtureCopy()
    fs.writeFileSync(path.join(workspace, 'site', 'a\n::add-mask::x'), 'x')
    await expect(writeArchive(docs, options({ workspace }))).rejects.toThrow(
      "'site/a\\n::add-mask::x' (taken by pattern 'site/**' of archive 'docs-offline') has a control character (such as a newline) in its name; archives only take plain files inside the workspace: rename it or leave it out of the pattern."
    )
  })

  it('refuses a FIFO a pattern takes instead of hanging on it or dropping it', async () => {
    const workspace = fixtureCopy()
    execFileSync('mkfifo', [path.join(workspace, 'site', 'pipe')])
    await expect(writeArchive(docs, options({ workspace }))).rejects.toThrow(
      "'site/pipe' (taken by pattern 'site/**' of archive 'docs-offline') is not a regular file (a FIFO, device or socket)"
    )
  })

  it('refuses a pattern that walks through a symbolic link out of the workspace', async () => {
    const workspace = fixtureCopy()
    const outside = tempDir('outside')
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'x')
    fs.symlinkSync(outside, path.join(workspace, 'elsewhere'))
    const spec = { ...docs, patterns: ['elsewhere/secret.txt'] }
    await expect(writeArchive(spec, options({ workspace }))).rejects.toThrow('outside the workspace')
  })

  it('stores a symbolic link inside the workspace as the file it points to', async () => {
    const workspace = fixtureCopy()
    fs.symlinkSync('../LICENSE', path.join(workspace, 'site', 'LICENSE'))
    const opts = options({ workspace })
    await writeArchive(docs, opts)
    const listing = await zipListing(path.join(opts.outDir, 'docs-offline-0.1.0.zip'))
    expect(listing).toContain('-rw-r--r-- docs-offline-0.1.0/site/LICENSE')
  })

  it('never takes .git or the output folder', async () => {
    const workspace = fixtureCopy()
    for (const dir of ['.git', 'dist', 'site/.git']) {
      fs.mkdirSync(path.join(workspace, dir), { recursive: true })
      fs.writeFileSync(path.join(workspace, dir, 'x'), 'x')
    }
    const artifact = await writeArchive(
      { name: 'all', format: 'tar.gz', patterns: ['**'] },
      options({ workspace })
    )
    expect(artifact.contents?.filter((p) => /\/(\.git|dist)\//.test(p))).toEqual([])
  })

  it('never takes what a killed run left beside the output folder (.dist.old-*, .dist.new-*)', async () => {
    const workspace = fixtureCopy()
    for (const dir of ['.dist.old-0a1b2c3d', '.dist.new-0a1b2c3d']) {
      fs.mkdirSync(path.join(workspace, dir))
      fs.writeFileSync(path.join(workspace, dir, 'manifest.json'), '{}')
    }
    const artifact = await writeArchive(
      { name: 'all', format: 'tar.gz', patterns: ['**'] },
      options({ workspace })
    )
    expect(artifact.contents?.filter((p) => p.includes('.dist.'))).toEqual([])
  })
})
