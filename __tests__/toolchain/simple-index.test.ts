import { afterEach, describe, expect, it } from '@jest/globals'
import { checkLinks, listFiles, parseHtmlPage, parseJsonPage } from '../../src/toolchain/simple-index.js'
import { serve, stopServers } from '../support/http-server.js'

afterEach(stopServers)

const PAGE = 'https://pypi.org/simple/mojo-compiler/'
const SHA = 'ab'.repeat(32)
const META = 'cd'.repeat(32)

describe('parseJsonPage (PEP 691)', () => {
  const page = JSON.stringify({
    meta: { 'api-version': '1.1' },
    name: 'mojo-compiler',
    files: [
      {
        filename: 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
        url: 'https://files.example/packages/aa/mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
        hashes: { sha256: SHA.toUpperCase() },
        'core-metadata': { sha256: META },
        yanked: false
      },
      {
        filename: 'mojo_compiler-1.1.0-py3-none-manylinux_2_34_x86_64.whl',
        url: '../../files/mojo_compiler-1.1.0-py3-none-manylinux_2_34_x86_64.whl',
        hashes: {},
        'data-dist-info-metadata': true,
        yanked: 'broken stdlib'
      }
    ]
  })

  it('reads file names, absolute URLs, sha256 (lower case) and PEP 658 metadata', () => {
    expect(parseJsonPage(page, PAGE)[0]).toEqual({
      filename: 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
      url: 'https://files.example/packages/aa/mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
      sha256: SHA,
      yanked: undefined,
      metadata: { sha256: META }
    })
  })

  it('resolves relative URLs against the page, and keeps the yank reason', () => {
    expect(parseJsonPage(page, PAGE)[1]).toMatchObject({
      url: 'https://pypi.org/files/mojo_compiler-1.1.0-py3-none-manylinux_2_34_x86_64.whl',
      sha256: undefined,
      yanked: 'broken stdlib',
      metadata: {}
    })
  })

  it('fails with the page URL when the JSON is broken', () => {
    expect(() => parseJsonPage('<html>', PAGE)).toThrow(`the index page ${PAGE} is not valid JSON`)
  })
})

describe('parseHtmlPage (PEP 503)', () => {
  const html = `<!DOCTYPE html>
<html><head><meta name="pypi:repository-version" content="1.1"><title>Links for mojo-compiler</title></head>
<body><h1>Links for mojo-compiler</h1>
<a href="https://files.example/mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl#sha256=${SHA}" data-dist-info-metadata="sha256=${META}" data-core-metadata="sha256=${META}">mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl</a><br />
<a href="../../files/mojo_compiler-1.1.0-py3-none-any.whl?x=1&amp;y=2#sha256=${SHA}" data-yanked="">mojo_compiler-1.1.0-py3-none-any.whl</a><br />
<a href='mojo_compiler-1.0.0.tar.gz' data-requires-python="&gt;=3.9">mojo_compiler-1.0.0.tar.gz</a>
</body></html>`

  it('reads the sha256 from the #sha256= fragment and the PEP 714 metadata attribute', () => {
    expect(parseHtmlPage(html, PAGE)[0]).toEqual({
      filename: 'mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
      url: 'https://files.example/mojo_compiler-1.2.0-py3-none-manylinux_2_34_x86_64.whl',
      sha256: SHA,
      yanked: undefined,
      metadata: { sha256: META }
    })
  })

  it('decodes entities in hrefs, resolves them, and marks data-yanked files', () => {
    expect(parseHtmlPage(html, PAGE)[1]).toMatchObject({
      url: 'https://pypi.org/files/mojo_compiler-1.1.0-py3-none-any.whl?x=1&y=2',
      yanked: ''
    })
  })

  it('lists a link without a hash with no sha256', () => {
    expect(parseHtmlPage(html, PAGE)[2]).toMatchObject({
      filename: 'mojo_compiler-1.0.0.tar.gz',
      sha256: undefined,
      metadata: undefined
    })
  })
})

describe('links of an index page', () => {
  const file = (url: string): { filename: string; url: string } => ({
    filename: 'x-1.0-py3-none-any.whl',
    url
  })

  it('refuses a file:// link on a page of an http index, naming the index and the link', async () => {
    const server = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end('<a href="file:///etc/passwd#sha256=' + 'ab'.repeat(32) + '">x-1.0-py3-none-any.whl</a>')
    })
    await expect(listFiles(server.url, 'x')).rejects.toThrow(
      `the index ${server.url} lists x-1.0-py3-none-any.whl at file:///etc/passwd; a page of this index may only link http:// or https:// URLs, so it was refused.`
    )
  })

  it('refuses an http link from an https index', () => {
    expect(() => checkLinks('https://pypi.org/simple/', [file('http://files.example/x.whl')])).toThrow(
      'a page of this index may only link https:// URLs'
    )
  })

  it('accepts file:// links from a file:// index', () => {
    const files = [file('file:///wheels/x.whl'), file('https://files.example/x.whl')]
    expect(checkLinks('file:///index/', files)).toBe(files)
  })
})
