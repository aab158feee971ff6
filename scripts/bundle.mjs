// One ESM bundle serves both `main` and `post` (src/index.ts tells them apart by state).
import { copyFileSync } from 'node:fs'
import { build } from 'esbuild'

await build({
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  // Some dependencies are CommonJS that call require(): give the ESM bundle a require.
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  },
  // @actions/cache tells its errors apart by class name (`error.name === ReserveCacheError.name`).
  keepNames: true,
  // The runner checks out dist/ with the action: whitespace and syntax minified keeps it small, while
  // identifiers stay, so stack traces still name our functions.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'linked',
  logLevel: 'warning'
})

// The problem matcher is registered by path at run time (src/compile/matcher.ts): ship it beside the bundle.
copyFileSync('.github/mojo-problem-matcher.json', 'dist/mojo-problem-matcher.json')
