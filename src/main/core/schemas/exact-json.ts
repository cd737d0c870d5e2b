/**
 * JSON text for decoded values, without the losses JSON.stringify would make:
 * - bigint → its exact digits as a JSON number (the record view keeps integers above 2^53 as
 *   written, JsonTree.tsx);
 * - Buffer / Uint8Array → a base64 string;
 * - NaN, Infinity, -Infinity → the strings "NaN", "Infinity", "-Infinity" (as the Protobuf JSON
 *   mapping writes them; JSON has no such numbers);
 * - objects: their own enumerable keys (avsc's record instances included).
 */
export function exactJson(value: unknown): string {
  const parts: string[] = []
  write(value, parts)
  return parts.join('')
}

function write(value: unknown, out: string[]): void {
  switch (typeof value) {
    case 'bigint':
      out.push(value.toString())
      return
    case 'number':
      out.push(Number.isFinite(value) ? JSON.stringify(value) : JSON.stringify(String(value)))
      return
    case 'string':
    case 'boolean':
      out.push(JSON.stringify(value))
      return
    case 'undefined':
    case 'function':
    case 'symbol':
      out.push('null')
      return
  }
  if (value === null) {
    out.push('null')
    return
  }
  if (value instanceof Uint8Array) {
    out.push(JSON.stringify(Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')))
    return
  }
  if (Array.isArray(value)) {
    out.push('[')
    value.forEach((item, i) => {
      if (i > 0) out.push(',')
      write(item, out)
    })
    out.push(']')
    return
  }
  out.push('{')
  let first = true
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item === undefined) continue
    if (!first) out.push(',')
    first = false
    out.push(JSON.stringify(key), ':')
    write(item, out)
  }
  out.push('}')
}
