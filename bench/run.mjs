// `npm run bench`: bundles bench/bench.ts (it imports the test support in TypeScript) and runs it.
// Needs `npm ci && npm run build` first (the bench measures dist/index.js), python3 with venv, and Linux.
// Options after `--`: --reps N (default 3), --versions 1.2.0[,0.26.2.0] (default 1.2.0), --cases install,build,verify,cache,
// --no-build (= --cases install).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build, stop } from 'esbuild'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mojo-bench-bundle-'))
const outfile = path.join(dir, 'bench.mjs')
try {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('bench.ts', import.meta.url))],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // The action's sources and their CommonJS dependencies call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
    },
    // The test support finds the repository from its own location (import.meta.url), which the bundle in a
    // temp folder would otherwise change; only run-action.ts reads it.
    define: {
      'import.meta.url': JSON.stringify(new URL('../__tests__/support/run-action.ts', import.meta.url).href)
    },
    logLevel: 'warning'
  }).then(
    () => true,
    (error) => {
      // esbuild has printed what is wrong: no stack trace on top of it.
      console.error(`The bench did not bundle: ${error.message.split('\n')[0]}`)
      return false
    }
  )
  // esbuild's service process would otherwise stay a child of the bench, in every run's memory figures.
  await stop()
  if (bundled) await import(pathToFileURL(outfile).href)
  else process.exitCode = 1
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
}
