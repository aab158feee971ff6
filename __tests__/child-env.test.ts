import { describe, expect, it } from '@jest/globals'
import { inheritedEnv, ownEnv } from '../src/child-env.js'
import { runMojo } from '../src/toolchain/driver.js'
import type { Toolchain } from '../src/types.js'

// What a runner holds besides what a child needs: the job's tokens, the cache service, a workflow secret.
const RUNNER = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/runner',
  TMPDIR: '/tmp/r',
  LANG: 'C.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  XDG_CONFIG_HOME: '/home/runner/.config',
  HTTPS_PROXY: 'http://proxy:3128',
  https_proxy: 'http://proxy:3128',
  NO_PROXY: 'localhost',
  GITHUB_TOKEN: 'ghs_secret',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc',
  ACTIONS_CACHE_URL: 'https://cache',
  NPM_TOKEN: 'npm',
  DB_PASSWORD: 'pw',
  MY_SECRET_VALUE: 's',
  GIT_CONFIG_COUNT: '1',
  GIT_CONFIG_KEY_0: 'http.extraheader',
  GIT_CONFIG_VALUE_0: 'AUTHORIZATION: basic xyz',
  GITHUB_WORKSPACE: '/home/runner/work/repo',
  MODULAR_HOME: '/home/runner/.modular'
}

describe('inheritedEnv', () => {
  it('keeps PATH, HOME, temp, locale, git config folder and proxies of the runner', () => {
    expect(inheritedEnv({}, RUNNER)).toEqual({
      PATH: '/usr/local/bin:/usr/bin:/bin',
      HOME: '/home/runner',
      TMPDIR: '/tmp/r',
      LANG: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      XDG_CONFIG_HOME: '/home/runner/.config',
      HTTPS_PROXY: 'http://proxy:3128',
      https_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost'
    })
  })

  it('adds the extras over the inherited variables and leaves out undefined ones', () => {
    expect(
      inheritedEnv({ LC_ALL: 'C', HOME: '/other', UNSET: undefined }, { PATH: '/bin', HOME: '/h' })
    ).toEqual({
      PATH: '/bin',
      HOME: '/other',
      LC_ALL: 'C'
    })
  })

  it('refuses a credential-like extra instead of passing it', () => {
    expect(() => inheritedEnv({ GITHUB_TOKEN: 'x' }, {})).toThrow(
      'refusing to pass GITHUB_TOKEN to a child process'
    )
    expect(() => inheritedEnv({ ACTIONS_CACHE_URL: 'x' }, {})).toThrow('ACTIONS_CACHE_URL')
  })
})

describe('ownEnv', () => {
  it('holds exactly what it is given, nothing of the runner', () => {
    process.env.MOJO_ACTION_TEST_PARENT = 'parent'
    try {
      expect(ownEnv({ PATH: '/usr/bin', HOME: '/c/home' })).toEqual({ PATH: '/usr/bin', HOME: '/c/home' })
    } finally {
      delete process.env.MOJO_ACTION_TEST_PARENT
    }
  })

  it('refuses a credential-like variable', () => {
    expect(() => ownEnv({ PIP_PASSWORD: 'x' })).toThrow('refusing to pass PIP_PASSWORD')
  })
})

describe('a compile child', () => {
  it('sees no token or ACTIONS_* variable of the runner, and the toolchain variables', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, RUNNER, { PATH: saved.PATH })
    try {
      // `env` stands in for the driver: it prints the environment the driver would get.
      const toolchain = {
        mojo: '/usr/bin/env',
        env: { MODULAR_MOJO_MAX_PACKAGE_ROOT: '/opt/m' }
      } as unknown as Toolchain
      const result = await runMojo(toolchain, [], { timeoutMs: 10_000 })
      const names = result.stdout.split('\n').map((line) => line.split('=')[0])
      expect(names).toEqual(
        expect.arrayContaining(['PATH', 'HOME', 'HTTPS_PROXY', 'MODULAR_MOJO_MAX_PACKAGE_ROOT'])
      )
      expect(
        names.filter((n) => /TOKEN|ACTIONS_|SECRET|PASSWORD|GIT_CONFIG_|GITHUB_|MODULAR_HOME/.test(n))
      ).toEqual([])
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
      Object.assign(process.env, saved)
    }
  }, 15_000)
})
