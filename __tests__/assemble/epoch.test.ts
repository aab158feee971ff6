import { afterAll, describe, expect, it } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { sourceDateEpoch } from '../../src/assemble/epoch.js'
import { removeTempDirs, tempDir } from '../support/temp.js'
import { run } from './support.js'

afterAll(removeTempDirs)

describe('sourceDateEpoch', () => {
  it('uses SOURCE_DATE_EPOCH when it is set', async () => {
    expect(await sourceDateEpoch(tempDir(), { SOURCE_DATE_EPOCH: '1700000000' })).toBe(1700000000)
  })

  it('refuses a SOURCE_DATE_EPOCH that is not a number of seconds, naming the variable', async () => {
    await expect(sourceDateEpoch(tempDir(), { SOURCE_DATE_EPOCH: '2024-01-01' })).rejects.toThrow(
      "SOURCE_DATE_EPOCH='2024-01-01' is not a whole number of seconds"
    )
  })

  it("falls back to the last commit's time", async () => {
    const repo = tempDir('repo')
    const date = { GIT_COMMITTER_DATE: '@1600000000 +0000', GIT_AUTHOR_DATE: '@1500000000 +0000' }
    const who = ['-c', 'user.name=t', '-c', 'user.email=t@example.org']
    await run('git', ['init', '-q'], repo)
    fs.writeFileSync(path.join(repo, 'a.txt'), 'a')
    await run('git', [...who, 'add', 'a.txt'], repo)
    await run('git', [...who, 'commit', '-q', '-m', 'a'], repo, date)
    expect(await sourceDateEpoch(repo, {})).toBe(1600000000)
  })

  it('is 0 outside a git repository', async () => {
    expect(await sourceDateEpoch(tempDir(), {})).toBe(0)
  })
})
