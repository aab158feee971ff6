import { afterAll, describe, expect, it } from '@jest/globals'
import { changelogSection, checkChangelog } from '../../src/checklist/changelog.js'
import { removeTempDirs, tempDir, writeFiles } from '../support/temp.js'

afterAll(removeTempDirs)

const keepAChangelog = `# Changelog

All notable changes to this project are documented here.

## [Unreleased]

- Streaming loader.

## [0.3.1] - 2026-10-01

### Fixed

- \`clamp\` with low > high.

## [0.3.0] - 2026-09-01

### Added

- \`Dataset\`.

[0.3.1]: https://github.com/o/r/compare/v0.3.0...v0.3.1
[0.3.0]: https://github.com/o/r/releases/tag/v0.3.0
`

describe('changelogSection', () => {
  it("reads a version's section under a Keep a Changelog heading", () => {
    expect(changelogSection(keepAChangelog, '0.3.1')).toEqual({
      heading: '## [0.3.1] - 2026-10-01',
      body: '### Fixed\n\n- `clamp` with low > high.'
    })
  })

  it('leaves out the link definitions after the last section', () => {
    expect(changelogSection(keepAChangelog, '0.3.0')?.body).toBe('### Added\n\n- `Dataset`.')
  })

  it('reads plain `## 0.3.1` and `## v0.3.1` headings, and PEP 440 versions as equal', () => {
    expect(changelogSection('## 0.3.1\n\nFixed.\n', '0.3.1')?.body).toBe('Fixed.')
    expect(changelogSection('## v1.0.0b2 (beta)\n\nBeta.\n', '1.0.0b2')?.body).toBe('Beta.')
    expect(changelogSection('## 0.26.1\n\nSame release.\n', '0.26.1.0')?.body).toBe('Same release.')
  })

  it('finds no section for a version it does not name', () => {
    expect(changelogSection(keepAChangelog, '0.3.2')).toBeUndefined()
    expect(changelogSection('### 0.3.2\n\nToo deep a heading.\n', '0.3.2')).toBeUndefined()
  })
})

describe('checkChangelog', () => {
  it('passes a tag build whose CHANGELOG.md has the section, and returns it', async () => {
    const ws = writeFiles(tempDir('ws'), { 'CHANGELOG.md': keepAChangelog })
    expect(await checkChangelog(ws, '', '0.3.1')).toEqual({
      finding: {
        item: 'CHANGELOG.md updated with changes',
        state: 'pass',
        file: 'CHANGELOG.md',
        detail: 'CHANGELOG.md has the section ## [0.3.1] - 2026-10-01'
      },
      section: {
        file: 'CHANGELOG.md',
        heading: '## [0.3.1] - 2026-10-01',
        body: '### Fixed\n\n- `clamp` with low > high.'
      }
    })
  })

  it('fails a tag build whose changelog has no section for the version, saying which heading to add', async () => {
    const ws = writeFiles(tempDir('ws'), { 'docs/CHANGES.md': keepAChangelog })
    expect(await checkChangelog(ws, 'docs/CHANGES.md', '0.4.0')).toEqual({
      finding: {
        item: 'CHANGELOG.md updated with changes',
        state: 'fail',
        file: 'docs/CHANGES.md',
        detail:
          'docs/CHANGES.md has no section for 0.4.0: add one under the heading `## [0.4.0] - YYYY-MM-DD` ' +
          '(or `## 0.4.0`) saying what changed.'
      }
    })
  })

  it('fails an empty section', async () => {
    const ws = writeFiles(tempDir('ws'), { 'CHANGELOG.md': '## [0.4.0]\n\n## [0.3.1]\n\n- Fixed.\n' })
    expect((await checkChangelog(ws, '', '0.4.0')).finding).toMatchObject({
      state: 'fail',
      detail: 'CHANGELOG.md: the section ## [0.4.0] is empty: say what changed.'
    })
  })

  it('checks nothing without a CHANGELOG.md, or on a build that is not a tag build', async () => {
    const none = tempDir('ws')
    const some = writeFiles(tempDir('ws'), { 'CHANGELOG.md': keepAChangelog })
    expect((await checkChangelog(none, '', '0.3.1')).finding).toMatchObject({
      state: 'skip',
      detail: 'no CHANGELOG.md in the workspace'
    })
    expect((await checkChangelog(some, '', undefined)).finding).toMatchObject({
      state: 'skip',
      detail: 'CHANGELOG.md is checked on tag builds'
    })
  })

  it("refuses a 'changelog' input naming a file that does not exist", async () => {
    await expect(checkChangelog(tempDir('ws'), 'CHANGES.md', '0.3.1')).rejects.toThrow(
      "Input 'changelog': 'CHANGES.md' does not exist: name the changelog file, relative to the working directory."
    )
  })
})
