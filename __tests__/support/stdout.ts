/** In-process stage tests: what a stage printed (log groups and `::error` annotation commands go to stdout). */
import { jest } from '@jest/globals'

/** Runs `fn` with stdout captured; a thrown error is returned beside what was printed before it. */
export async function withStdout<T>(
  fn: () => Promise<T>
): Promise<{ result?: T; error?: unknown; stdout: string }> {
  let stdout = ''
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk)
    return true
  })
  try {
    return { result: await fn(), stdout }
  } catch (error) {
    return { error, stdout }
  } finally {
    write.mockRestore()
  }
}
