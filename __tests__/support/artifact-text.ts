/**
 * Every byte a set of built files carries, archives opened as a user's tools open them: `.tar.gz` and
 * `.tgz` with zlib and tar-stream, `.zip` and `.whl` with yauzl, `.conda` as a zip of `.tar.zst` members.
 * For asserting that some text (a canary, a token) reached no artifact, inside archives too.
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import { readTarZst, readZip } from './conda-reader.js'

export interface Member {
  /** `outer.tar.gz!inner/file`. */
  name: string
  data: Buffer
}

async function readTarGz(data: Buffer): Promise<Member[]> {
  const extract = tar.extract()
  const members: Member[] = []
  const reading = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = []
      for await (const chunk of entry) chunks.push(chunk as Buffer)
      members.push({ name: entry.header.name, data: Buffer.concat(chunks) })
    }
  })()
  extract.end(zlib.gunzipSync(data))
  await reading
  return members
}

/** The members of one file, opened recursively; a plain file is its own only member. */
async function membersOf(name: string, data: Buffer): Promise<Member[]> {
  const inner = async (found: Member[]): Promise<Member[]> =>
    (await Promise.all(found.map((m) => membersOf(`${name}!${m.name}`, m.data)))).flat()
  if (/\.(tar\.gz|tgz)$/.test(name)) return inner(await readTarGz(data))
  if (/\.tar\.zst$/.test(name))
    return inner((await readTarZst(data)).map((m) => ({ name: m.header.name, data: m.data })))
  if (/\.(zip|whl|conda)$/.test(name)) return inner(await readZip(data))
  return [{ name, data }]
}

/** Every member of every file under `dir`, archives opened. */
export async function artifactMembers(dir: string): Promise<Member[]> {
  if (!fs.existsSync(dir)) return []
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
  const all = await Promise.all(
    files.map((file) => membersOf(path.relative(dir, file), fs.readFileSync(file)))
  )
  return all.flat()
}

/** Names of the members under `dir` whose bytes hold `text`. */
export async function membersHolding(dir: string, text: string): Promise<string[]> {
  return (await artifactMembers(dir)).filter((m) => m.data.includes(text)).map((m) => m.name)
}
