/**
 * Entry point of `runs.post`: saves a toolchain the main step downloaded to the Actions cache. With
 * nothing to save it loads nothing more, so a warm job's post step costs little more than a Node start.
 */
import { recordedSource } from './toolchain/cache-state.js'

const source = recordedSource()
if (source === 'download') await (await import('./toolchain/cache.js')).saveToolchainCache()
else if (source) process.stdout.write(`The Mojo toolchain came from the ${source}; nothing to save.\n`)
// Keep-alive sockets of the cache client can hold the process for minutes after a save.
process.exit()
