/**
 * A bandwidth limit for the fakes' loopback traffic: every body sent through one `Link` shares its
 * bytes per second, as downloads share a runner's network. Chunks are held back until the link has
 * carried the bytes before them, so a 260 MB toolchain at 50 MB/s takes 5.2 s however it is read.
 */
import { Transform } from 'node:stream'

/**
 * How far a late timer may be made up for, in ms: a busy event loop wakes the link late, and without this
 * credit every late wake-up would be bandwidth lost for good.
 */
const CATCH_UP_MS = 100

export class Link {
  /** When the link is free again, in ms of performance.now(). */
  private freeAt = 0

  constructor(readonly bytesPerSecond: number) {}

  /** A pass-through that delays each chunk until the link has sent it. */
  throttle(): Transform {
    return new Transform({
      transform: (chunk: Buffer, _encoding, done) => {
        const now = performance.now()
        this.freeAt = Math.max(now - CATCH_UP_MS, this.freeAt) + (chunk.length / this.bytesPerSecond) * 1000
        setTimeout(() => done(null, chunk), Math.max(0, this.freeAt - now))
      }
    })
  }
}
