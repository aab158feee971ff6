/**
 * A real, installed Mojo toolchain for tests of the build and verify stages, installed by the action's
 * own installer (src/toolchain) from a file:// index of the wheel cache into a tool cache kept outside
 * the repository, so every test run after the first finds it there.
 */
import fs from 'node:fs'
import path from 'node:path'
import { installToolchain } from '../../src/toolchain/install.js'
import type { Toolchain } from '../../src/types.js'
import { writeFileIndex } from './index-server.js'
import { cacheRoot } from './wheels.js'

export const testToolCache = path.join(cacheRoot, 'tool-cache')

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** One installer at a time across Jest workers: a lock folder holding the owner's pid. */
async function withLock<T>(lock: string, work: () => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(lock), { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid))
      break
    } catch {
      const owner = Number(fs.readFileSync(path.join(lock, 'pid'), { encoding: 'utf8', flag: 'a+' }))
      if (owner && !alive(owner)) fs.rmSync(lock, { recursive: true, force: true })
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  }
  try {
    return await work()
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

export async function testToolchain(version: string): Promise<Toolchain> {
  return withLock(path.join(cacheRoot, 'install.lock'), async () => {
    const indexUrl = writeFileIndex(path.join(cacheRoot, 'index', version), { versions: [version] })
    // The install reads RUNNER_TOOL_CACHE: point it at the test tool cache for this install only.
    const saved = process.env.RUNNER_TOOL_CACHE
    process.env.RUNNER_TOOL_CACHE = testToolCache
    try {
      const installed = await installToolchain({ request: { kind: 'exact', version }, indexUrl })
      const toolchain: Toolchain & { toolDir?: string } = { ...installed }
      delete toolchain.toolDir
      return toolchain
    } finally {
      if (saved === undefined) delete process.env.RUNNER_TOOL_CACHE
      else process.env.RUNNER_TOOL_CACHE = saved
    }
  })
}
