import { afterAll, describe, expect, it, jest } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import type { Outcome } from '../../src/verify/context.js'
import { distrustRestoredCompileCache } from '../../src/verify/verify.js'
import type { Toolchain } from '../../src/types.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterAll(removeTempDirs)
// Keeps the warning annotations out of the test log.
jest.spyOn(process.stdout, 'write').mockImplementation(() => true)

const outcome = (ok: boolean): Outcome => ({ verification: { ok }, log: [] })

function toolchain(restoredCompileCache?: string): Toolchain {
  return {
    version: '1.2.0',
    root: '/t',
    mojo: '/t/bin/mojo',
    env: {},
    wheels: '/w',
    source: 'download',
    restoredCompileCache
  }
}

/** A check failing its first `failures` runs, recording whether the cache held junk at each run. */
function check(failures: number, cache?: string): { run: () => Promise<Outcome>; sawJunk: boolean[] } {
  const sawJunk: boolean[] = []
  const run = async (): Promise<Outcome> => {
    sawJunk.push(cache !== undefined && fs.existsSync(path.join(cache, 'junk')))
    return outcome(sawJunk.length > failures)
  }
  return { run, sawJunk }
}

describe('a check with a compile cache restored from the Actions cache', () => {
  it('runs once more after a failure, with the cache emptied', async () => {
    const cache = writeFiles(tempDir('compile-cache'), { junk: 'x' })
    const first = check(1, cache)
    const result = await distrustRestoredCompileCache(toolchain(cache))('verify data.mojoc', first.run)
    expect([result.verification.ok, first.sawJunk]).toEqual([true, [true, false]])
  })

  it('fails when it fails again: then it is the package', async () => {
    const cache = writeFiles(tempDir('compile-cache'), { junk: 'x' })
    const failing = check(2, cache)
    const result = await distrustRestoredCompileCache(toolchain(cache))('verify data.mojoc', failing.run)
    expect([result.verification.ok, failing.sawJunk.length]).toEqual([false, 2])
  })
})

describe('a check without a restored compile cache', () => {
  it('runs once: its failure is the package’s', async () => {
    const failing = check(1)
    const result = await distrustRestoredCompileCache(toolchain())('verify data.mojoc', failing.run)
    expect([result.verification.ok, failing.sawJunk.length]).toEqual([false, 1])
  })
})
