import { describe, expect, it } from '@jest/globals'
import { parseListing, unsafeEntries, type ListedEntry } from '../../src/verify/archive-entries.js'

// As GNU tar 1.35 and Info-ZIP's zipinfo print them.
const tarNames = 'bm-0.1.0/\nbm-0.1.0/ok\nbm-0.1.0/scripts/\nbm-0.1.0/scripts/run all.sh\nbm-0.1.0/evil\n'
const tarVerbose = `drwxr-xr-x root/root         0 2026-11-24 01:05 bm-0.1.0/
lrwxrwxrwx root/root         0 2026-11-24 01:05 bm-0.1.0/ok -> scripts
drwxr-xr-x root/root         0 2026-11-24 01:05 bm-0.1.0/scripts/
-rw-r--r-- root/root       287 2026-11-24 01:05 bm-0.1.0/scripts/run all.sh
lrwxrwxrwx root/root         0 2026-11-24 01:05 bm-0.1.0/evil -> ../../../etc/passwd
`
const zipNames = 'site-0.1.0/\nsite-0.1.0/run.sh\n'
const zipVerbose = `Archive:  site-0.1.0.zip
Zip file size: 1038 bytes, number of entries: 2
drwxr-xr-x  3.0 unx        0 bx stor 26-Nov-24 01:05 site-0.1.0/
-rwxr-xr-x  3.0 unx      287 tx defN 26-Nov-24 01:05 site-0.1.0/run.sh
2 files, 287 bytes uncompressed, 222 bytes compressed:  29.1%
`

describe('parseListing', () => {
  it('reads types, modes and link targets from a tar listing', () => {
    expect(parseListing(tarNames, tarVerbose)).toEqual([
      { path: 'bm-0.1.0/', type: 'directory', mode: 0o755 },
      { path: 'bm-0.1.0/ok', type: 'symlink', mode: 0o777, target: 'scripts' },
      { path: 'bm-0.1.0/scripts/', type: 'directory', mode: 0o755 },
      { path: 'bm-0.1.0/scripts/run all.sh', type: 'file', mode: 0o644 },
      { path: 'bm-0.1.0/evil', type: 'symlink', mode: 0o777, target: '../../../etc/passwd' }
    ])
  })

  it('skips the header and totals of a zipinfo listing', () => {
    expect(parseListing(zipNames, zipVerbose)).toEqual([
      { path: 'site-0.1.0/', type: 'directory', mode: 0o755 },
      { path: 'site-0.1.0/run.sh', type: 'file', mode: 0o755 }
    ])
  })
})

describe('unsafeEntries', () => {
  const entry = (path: string, extra: Partial<ListedEntry> = {}): ListedEntry => ({
    path,
    type: 'file',
    ...extra
  })

  it('accepts entries and links that stay inside the folder', () => {
    expect(unsafeEntries(parseListing(tarNames, tarVerbose).slice(0, 4))).toEqual([])
  })

  it('refuses absolute paths and parent segments', () => {
    expect(unsafeEntries([entry('/etc/passwd'), entry('a/../../b'), entry('C:/x')])).toHaveLength(3)
  })

  it('refuses a symlink that points outside the folder', () => {
    expect(unsafeEntries(parseListing(tarNames, tarVerbose))).toEqual([
      "'bm-0.1.0/evil' links to '../../../etc/passwd', outside the folder"
    ])
  })

  it('refuses an absolute symlink target and device files', () => {
    expect(
      unsafeEntries([entry('a/l', { type: 'symlink', target: '/etc' }), entry('a/dev', { type: 'other' })])
    ).toHaveLength(2)
  })
})
