/**
 * Splits a GetRecords answer's JSON body into its records as the bytes arrive, so a page is never
 * held whole: each record's JSON text is handed on (and parsed with JSON.parse) as soon as its
 * closing brace is in, and the rest of the body ("NextShardIterator", "MillisBehindLatest",
 * "ChildShards", with "Records" left as []) is parsed once at the end.
 *
 * Why: a page is up to 10 MB. Read whole, it is a Buffer, a copy of it, a string of it and every
 * record's objects at once, alive across many young-generation collections, so all of it is
 * promoted and becomes old-generation garbage: main's RSS stepped up by 130–230 MB during a
 * search. Split as it arrives, what a record costs dies young.
 *
 * The splitter only finds boundaries; JSON.parse still judges every byte. It tracks strings (with
 * their escapes, across chunk boundaries) and the nesting depth; structural characters are ASCII,
 * and no byte of a multi-byte UTF-8 character is, so chunk boundaries anywhere are safe.
 */

import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, OPEN_BRACE, OPEN_BRACKET, QUOTE } from '../../../shared/json-syntax'

export class PageBodySplitter {
  private depth = 0
  private inString = false
  /** A backslash ended the last chunk inside a string: the next chunk's first byte is escaped. */
  private escapePending = false
  /** The top-level string being read (a key, or a short value), and the last one completed. */
  private topString: Buffer[] | null = null
  private lastTopString = ''
  /** Inside the "Records" array: its elements go to `onRecord`, not to the outer body. */
  private inRecords = false
  /** The current record's bytes from earlier chunks. */
  private recordParts: Buffer[] = []
  private inRecord = false
  /** The body without the records' elements. */
  private readonly outer: Buffer[] = []

  constructor(private readonly onRecord: (json: string) => void) {}

  push(chunk: Buffer): void {
    const length = chunk.length
    let i = 0
    let recordFrom = 0
    let outerFrom = 0
    let topStringFrom = 0
    let nextBackslash = -2
    // (An empty chunk leaves a pending escape for the next byte.)
    if (this.escapePending && length > 0) {
      this.escapePending = false
      i = 1
    }
    while (i < length) {
      if (this.inString) {
        // Jump to the string's end: the next quote not escaped. Data (base64) has no backslash.
        const quote = chunk.indexOf(QUOTE, i)
        if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = chunk.indexOf(BACKSLASH, i)
        if (nextBackslash !== -1 && (quote === -1 || nextBackslash < quote)) {
          i = nextBackslash + 2
          if (i > length) this.escapePending = true
          continue
        }
        if (quote === -1) {
          i = length
          continue
        }
        this.inString = false
        if (this.topString !== null) {
          this.topString.push(chunk.subarray(topStringFrom, quote))
          this.lastTopString = Buffer.concat(this.topString).toString('utf8')
          this.topString = null
        }
        i = quote + 1
        continue
      }
      const byte = chunk[i] as number
      if (byte === QUOTE) {
        this.inString = true
        if (this.depth === 1) {
          this.topString = []
          topStringFrom = i + 1
        }
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.depth += 1
        if (this.depth === 2 && byte === OPEN_BRACKET && this.lastTopString === 'Records') {
          this.inRecords = true
          this.outer.push(chunk.subarray(outerFrom, i + 1))
        } else if (this.depth === 3 && this.inRecords && byte === OPEN_BRACE) {
          this.inRecord = true
          recordFrom = i
        }
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth -= 1
        if (this.inRecord && this.depth === 2) {
          this.inRecord = false
          const tail = chunk.subarray(recordFrom, i + 1)
          const json = this.recordParts.length === 0 ? tail : Buffer.concat([...this.recordParts, tail])
          this.recordParts = []
          this.onRecord(json.toString('utf8'))
        } else if (this.inRecords && this.depth === 1) {
          this.inRecords = false
          outerFrom = i
        }
      }
      i += 1
    }
    if (this.inString && this.topString !== null) this.topString.push(chunk.subarray(topStringFrom))
    if (this.inRecord) this.recordParts.push(chunk.subarray(recordFrom))
    if (!this.inRecords) this.outer.push(chunk.subarray(outerFrom))
  }

  /** The body's other members, once every byte is in; throws when the body stopped short. */
  end(): unknown {
    if (this.depth !== 0 || this.inString || this.inRecords) {
      // A body framed by the connection closing ends cleanly where the connection was cut: a
      // network error like any other, so the reader retries the same iterator.
      throw Object.assign(new Error('GetRecords answered with a body that ends before its JSON does (connection cut short?)'), {
        code: 'ECONNRESET'
      })
    }
    return JSON.parse(Buffer.concat(this.outer).toString('utf8'))
  }
}
