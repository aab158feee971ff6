import { describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { VerifyError } from '../../src/errors.js'
import { cleanEnv, makeCleanDirs } from '../../src/verify/clean-env.js'
import type { Toolchain } from '../../src/types.js'

const toolchain: Toolchain = {
  version: '1.2.0',
  root: '/opt/modular',
  mojo: '/opt/modular/bin/mojo',
  wheels: '/opt/wheels',
  env: {
    MODULAR_MOJO_MAX_PACKAGE_ROOT: '/opt/modular',
    MODULAR_MOJO_MAX_IMPORT_PATH: '/opt/modular/lib/mojo,/home/runner/work/repo/shared'
  },
  source: 'download'
}

describe('cleanEnv', () => {
  it('holds exactly the driver variables, a system PATH, HOME, TMPDIR and the locale', () => {
    const env = cleanEnv(toolchain, { home: '/c/home', tmp: '/c/tmp' }, { cc: '/usr/lib/gcc-bin' })
    expect(env).toEqual({
      MODULAR_MOJO_MAX_PACKAGE_ROOT: '/opt/modular',
      MODULAR_MOJO_MAX_IMPORT_PATH: '/opt/modular/lib/mojo',
      MODULAR_CRASH_REPORTING_ENABLED: 'false',
      MODULAR_TELEMETRY_ENABLED: 'false',
      PATH: '/usr/bin:/bin:/usr/lib/gcc-bin',
      HOME: '/c/home',
      TMPDIR: '/c/tmp',
      LANG: 'C.UTF-8',
      LC_ALL: 'C.UTF-8'
    })
  })

  it('puts extra folders (the toolchain bin for commands) first on PATH', () => {
    const env = cleanEnv(toolchain, { home: '/h', tmp: '/t' }, { extraPath: ['/opt/modular/bin'] })
    expect(env.PATH).toBe('/opt/modular/bin:/usr/bin:/bin')
  })
})

describe('makeCleanDirs', () => {
  it('creates empty download, work, home and tmp folders outside the workspace', () => {
    const dirs = makeCleanDirs('/work/main')
    try {
      for (const dir of [dirs.download, dirs.work, dirs.home, dirs.tmp])
        expect(fs.readdirSync(dir)).toEqual([])
      expect(path.relative('/work/main', dirs.root).startsWith('..')).toBe(true)
    } finally {
      fs.rmSync(dirs.root, { recursive: true })
    }
  })

  it('refuses a temp folder inside the workspace', () => {
    const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-'))
    try {
      expect(() => makeCleanDirs(workspace, workspace)).toThrow(VerifyError)
      expect(fs.readdirSync(workspace)).toEqual([])
    } finally {
      fs.rmSync(workspace, { recursive: true })
    }
  })
})
