/** What the codecs share: the result of decoding one payload, and the error a bad schema or value raises. */

/** A payload decoded to JSON text, or the reason it does not fit the schema. Never throws. */
export type PayloadDecode = { ok: true; json: string; violation?: string | null } | { ok: false; reason: string }

/** A schema that does not compile, or a value that does not fit it, said in a sentence. */
export class SchemaProblem extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SchemaProblem'
  }
}
