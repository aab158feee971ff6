import { afterAll, beforeEach, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import {
  ABANDONED_AFTER_MS,
  isStale,
  moveAside,
  placeInToolCache,
  removeStaleLeftovers,
  STALE_AFTER_MS,
  stagingBeside
} from '../../src/toolchain/tool-cache.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterAll(removeTempDirs)

const dead = (): boolean => false
const living = (): boolean => true
const MINUTE = 60_000

describe('isStale', () => {
  it('keeps a young leftover whose owner is gone: it may be another container’s download', () => {
    expect(isStale('x64.partial-123-abc', STALE_AFTER_MS - MINUTE, dead)).toBe(false)
  })

  it('removes an older leftover whose owner is gone', () => {
    expect(isStale('x64.partial-123-abc', STALE_AFTER_MS + MINUTE, dead)).toBe(true)
  })

  it('keeps an older leftover whose owner still runs', () => {
    expect(isStale('x64.partial-123-abc', STALE_AFTER_MS + MINUTE, living)).toBe(false)
  })

  it('removes an abandoned leftover whatever its pid says (pids are reused)', () => {
    expect(isStale('x64.broken-123-abc', ABANDONED_AFTER_MS + MINUTE, living)).toBe(true)
  })

  it('goes by age alone for a leftover without a pid', () => {
    expect(isStale('x64.partial-abc', STALE_AFTER_MS + MINUTE, living)).toBe(true)
  })
})

describe('in a tool cache', () => {
  let dir: string

  beforeEach(() => {
    dir = path.join(tempDir('tool-cache'), 'mojo-compiler', '1.2.0', 'x64')
    fs.mkdirSync(path.dirname(dir), { recursive: true })
  })

  it('removes a stale partial toolchain left by a killed run, and only that', () => {
    const stale = writeFiles(`${dir}.partial-999999999-old`, { 'modular/bin/mojo': 'half' })
    const fresh = stagingBeside(dir)
    const old = new Date(Date.now() - STALE_AFTER_MS - MINUTE)
    fs.utimesSync(stale, old, old)
    expect([removeStaleLeftovers(dir), fs.existsSync(stale), fs.existsSync(fresh)]).toEqual([
      [stale],
      false,
      true
    ])
  })

  it('places a staging folder where there is none', () => {
    const stage = writeFiles(stagingBeside(dir), { 'modular/bin/mojo': 'ours' })
    expect([placeInToolCache(stage, dir), fs.existsSync(`${dir}.complete`)]).toEqual([true, true])
  })

  it('keeps a toolchain another run placed meanwhile, leaving ours in staging', () => {
    writeFiles(dir, { 'modular/bin/mojo': 'theirs' })
    const stage = writeFiles(stagingBeside(dir), { 'modular/bin/mojo': 'ours' })
    expect([
      placeInToolCache(stage, dir),
      fs.readFileSync(path.join(dir, 'modular/bin/mojo'), 'utf8'),
      fs.existsSync(stage)
    ]).toEqual([false, 'theirs', true])
  })

  it('moves a broken toolchain aside and removes it, marker first', () => {
    writeFiles(dir, { 'modular/bin/mojo': 'broken' })
    fs.writeFileSync(`${dir}.complete`, '')
    moveAside(dir)
    expect(fs.readdirSync(path.dirname(dir))).toEqual([])
  })
})
