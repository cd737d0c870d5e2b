/**
 * A search's matches, written to a JSON Lines file as they are found: the lines Export writes
 * (exportLine), so Replay reads the file as it reads an export, and a result set larger
 * than the window is kept whole. While the disk is behind, the session makes no GetRecords
 * (`behind`, as for a window that is behind), so memory does not grow with the matches.
 */
import { once } from 'node:events'
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs'
import { dirname } from 'node:path'
import type { DecodedRecord } from '../../../shared/domain'
import { AppFailure } from '../../../shared/errors'
import { exportLine } from '../../../shared/record-format'

export class MatchesFile {
  private written = 0
  private failure: Error | null = null

  private constructor(
    readonly path: string,
    private readonly stream: string,
    private readonly out: WriteStream
  ) {
    out.on('error', (error) => (this.failure = error))
  }

  /** Creates (or truncates) the file; fails with a message naming the path when it cannot. */
  static async open(path: string, stream: string): Promise<MatchesFile> {
    try {
      mkdirSync(dirname(path), { recursive: true })
      const out = createWriteStream(path, { flags: 'w' })
      await once(out, 'open')
      return new MatchesFile(path, stream, out)
    } catch (error) {
      throw new AppFailure(
        'FILE_WRITE_FAILED',
        `Cannot write the matches file ${path}: ${(error as Error).message}.`,
        'Pick a folder you can write to, or search without saving the matches.'
      )
    }
  }

  get count(): number {
    return this.written
  }

  /** The write error that stopped the file, if one did. */
  get error(): Error | null {
    return this.failure
  }

  /** True while the file's buffer is full: the caller waits for `whenReady` before reading more. */
  get behind(): boolean {
    return this.failure === null && this.out.writableNeedDrain
  }

  /**
   * Resolves once the buffer drained, or once a write failed: a failed file never drains, and the
   * search goes on without it (its matches still reach the window; the end reports the failure).
   */
  whenReady(): Promise<void> {
    return this.behind ? once(this.out, 'drain').then(() => undefined, () => undefined) : Promise.resolve()
  }

  append(records: readonly DecodedRecord[]): void {
    if (records.length === 0 || this.failure !== null) return
    let lines = ''
    for (const record of records) lines += `${exportLine(this.stream, record)}\n`
    this.out.write(lines)
    this.written += records.length
  }

  /** Flushes and closes; resolves once every line is on disk (or the write failed). */
  close(): Promise<void> {
    if (this.out.closed) return Promise.resolve()
    return new Promise((resolve) => this.out.end(() => resolve()))
  }
}
