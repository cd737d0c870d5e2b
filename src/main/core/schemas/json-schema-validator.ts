/**
 * A small JSON Schema validator (drafts 4 to 2020-12, the keywords producers actually use) that
 * names the first violation as "<JSON pointer>: <what is wrong>". No package: the app needs one
 * sentence per record, not a full implementation. Supported: type, enum, const, properties,
 * required, additionalProperties, patternProperties, min/maxProperties, items (schema or tuple),
 * prefixItems, min/maxItems, uniqueItems, min/maxLength, pattern, minimum, maximum,
 * exclusiveMinimum/Maximum (number or draft-4 boolean), multipleOf, allOf, anyOf, oneOf, not,
 * if/then/else and local $ref ("#", "#/definitions/…", "#/$defs/…"). Unknown keywords (format,
 * title, description…) are ignored, as the specification allows.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Schema = boolean | { [keyword: string]: unknown }

export type JsonSchemaCheck = (value: unknown) => string | null

/** Compiles the schema's regular expressions once; throws with a sentence if the schema is unusable. */
export function compileJsonSchema(root: unknown): JsonSchemaCheck {
  if (typeof root !== 'boolean' && !isObject(root)) throw new Error('a JSON Schema is an object (or true/false)')
  const patterns = new Map<string, RegExp>()
  const regex = (source: string): RegExp => {
    let re = patterns.get(source)
    if (re === undefined) {
      re = new RegExp(source, 'u')
      patterns.set(source, re)
    }
    return re
  }
  collectPatterns(root, regex)
  return (value) => {
    const steps = { left: STEPS_BASE + STEPS_PER_VALUE * countValues(value as Json) }
    try {
      return check(root, value as Json, '', { root: root, regex, depth: 0, steps })
    } catch (error) {
      if (error === tooComplex) return `/: the schema is too complex to check (more than ${STEPS_BASE.toLocaleString('en-US')} steps plus ${STEPS_PER_VALUE} a value of the record): its anyOf / oneOf / allOf refer back to themselves without going deeper into the record`
      throw error
    }
  }
}

/**
 * Schema checks a record may cost. Combinators that $ref back to themselves without descending into
 * the value (anyOf of two copies of the same schema, nested 64 deep) would take 2^64 steps on
 * main's event loop; a sound schema takes a few per value of the record.
 */
const STEPS_BASE = 100_000
const STEPS_PER_VALUE = 100
const tooComplex = new Error('too complex')

function countValues(value: Json): number {
  let n = 0
  const stack: Json[] = [value]
  while (stack.length > 0) {
    const v = stack.pop() as Json
    n += 1
    // One push at a time: spreading an array of a million items overflows the call's arguments.
    if (Array.isArray(v)) for (const item of v) stack.push(item)
    else if (isObject(v)) for (const key in v) stack.push(v[key] as Json)
  }
  return n
}

interface Context {
  root: Schema
  regex(source: string): RegExp
  depth: number
  /** Shared by the whole check of one value (see STEPS_BASE). */
  steps: { left: number }
}

function collectPatterns(schema: unknown, regex: (s: string) => RegExp): void {
  if (Array.isArray(schema)) return schema.forEach((s) => collectPatterns(s, regex))
  if (!isObject(schema)) return
  if (typeof schema.pattern === 'string') {
    try {
      regex(schema.pattern)
    } catch (err) {
      throw new Error(`its pattern ${JSON.stringify(schema.pattern)} is not a valid regular expression (${(err as Error).message})`, { cause: err })
    }
  }
  if (isObject(schema.patternProperties)) Object.keys(schema.patternProperties).forEach((p) => regex(p))
  for (const child of Object.values(schema)) collectPatterns(child, regex)
}

function check(schema: Schema, value: Json, path: string, ctx: Context): string | null {
  if (--ctx.steps.left < 0) throw tooComplex
  if (schema === true) return null
  if (schema === false) return `${at(path)}: not allowed here`
  if (ctx.depth > 64) return `${at(path)}: the schema refers to itself too deeply`
  const s = schema
  const next = { ...ctx, depth: ctx.depth + 1 }

  if (typeof s.$ref === 'string') {
    const target = resolveRef(ctx.root, s.$ref)
    if (target === undefined) return `${at(path)}: the schema's $ref ${s.$ref} points nowhere`
    const problem = check(target, value, path, next)
    if (problem !== null) return problem
  }
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string]
    if (!types.some((t) => hasType(value, t))) return `${at(path)}: must be ${types.join(' or ')}, got ${typeOf(value)}`
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => equal(e as Json, value))) {
    return `${at(path)}: must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${short(value)}`
  }
  if ('const' in s && !equal(s.const as Json, value)) return `${at(path)}: must be ${JSON.stringify(s.const)}, got ${short(value)}`

  const problem =
    (typeof value === 'number' ? checkNumber(s, value, path) : null) ??
    (typeof value === 'string' ? checkString(s, value, path, ctx) : null) ??
    (Array.isArray(value) ? checkArray(s, value, path, next) : null) ??
    (isObject(value) ? checkObject(s, value, path, next) : null)
  if (problem !== null) return problem
  return checkCombinators(s, value, path, next)
}

function checkNumber(s: Record<string, unknown>, n: number, path: string): string | null {
  const num = (k: string): number | undefined => (typeof s[k] === 'number' ? (s[k]) : undefined)
  const min = num('minimum')
  const max = num('maximum')
  // Draft 4: exclusiveMinimum is a boolean that makes minimum exclusive; later drafts: a number.
  const exMin = s.exclusiveMinimum === true ? min : num('exclusiveMinimum')
  const exMax = s.exclusiveMaximum === true ? max : num('exclusiveMaximum')
  if (exMin !== undefined && !(n > exMin)) return `${at(path)}: must be greater than ${exMin}, got ${n}`
  if (exMax !== undefined && !(n < exMax)) return `${at(path)}: must be less than ${exMax}, got ${n}`
  if (min !== undefined && s.exclusiveMinimum !== true && n < min) return `${at(path)}: must be at least ${min}, got ${n}`
  if (max !== undefined && s.exclusiveMaximum !== true && n > max) return `${at(path)}: must be at most ${max}, got ${n}`
  const multipleOf = num('multipleOf')
  if (multipleOf !== undefined && multipleOf > 0) {
    const q = n / multipleOf
    if (Math.abs(q - Math.round(q)) > 1e-9) return `${at(path)}: must be a multiple of ${multipleOf}, got ${n}`
  }
  return null
}

function checkString(s: Record<string, unknown>, text: string, path: string, ctx: Context): string | null {
  const length = [...text].length // code points, as the specification counts
  if (typeof s.minLength === 'number' && length < s.minLength) return `${at(path)}: must have at least ${s.minLength} characters, has ${length}`
  if (typeof s.maxLength === 'number' && length > s.maxLength) return `${at(path)}: must have at most ${s.maxLength} characters, has ${length}`
  if (typeof s.pattern === 'string' && !ctx.regex(s.pattern).test(text)) return `${at(path)}: must match the pattern ${s.pattern}, got ${short(text)}`
  return null
}

function checkArray(s: Record<string, unknown>, items: Json[], path: string, ctx: Context): string | null {
  if (typeof s.minItems === 'number' && items.length < s.minItems) return `${at(path)}: must have at least ${s.minItems} items, has ${items.length}`
  if (typeof s.maxItems === 'number' && items.length > s.maxItems) return `${at(path)}: must have at most ${s.maxItems} items, has ${items.length}`
  if (s.uniqueItems === true) {
    for (let i = 1; i < items.length; i++) {
      for (let j = 0; j < i; j++) if (equal(items[i] as Json, items[j] as Json)) return `${at(path)}: items ${j} and ${i} are equal; they must be unique`
    }
  }
  const tuple: unknown[] | null = Array.isArray(s.prefixItems) ? s.prefixItems : Array.isArray(s.items) ? s.items : null
  const rest = tuple === null ? s.items : Array.isArray(s.items) ? s.additionalItems : s.items
  for (let i = 0; i < items.length; i++) {
    const itemSchema = tuple !== null && i < tuple.length ? tuple[i] : rest
    if (itemSchema === undefined) continue
    const problem = check(itemSchema as Schema, items[i] as Json, `${path}/${i}`, ctx)
    if (problem !== null) return problem
  }
  return null
}

function checkObject(s: Record<string, unknown>, obj: Record<string, Json>, path: string, ctx: Context): string | null {
  const keys = Object.keys(obj)
  if (Array.isArray(s.required)) {
    // Own members only: `in` would find constructor, toString or __proto__ on Object.prototype.
    for (const name of s.required as string[]) if (!Object.hasOwn(obj, name)) return `${at(path)}: the required property "${name}" is missing`
  }
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) return `${at(path)}: must have at least ${s.minProperties} properties, has ${keys.length}`
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) return `${at(path)}: must have at most ${s.maxProperties} properties, has ${keys.length}`
  const properties = isObject(s.properties) ? s.properties : {}
  const patternProperties = isObject(s.patternProperties) ? Object.entries(s.patternProperties) : []
  for (const key of keys) {
    const childPath = `${path}/${pointerEscape(key)}`
    let covered = false
    if (Object.hasOwn(properties, key)) {
      covered = true
      const problem = check(properties[key] as Schema, obj[key] as Json, childPath, ctx)
      if (problem !== null) return problem
    }
    for (const [pattern, schema] of patternProperties) {
      if (!ctx.regex(pattern).test(key)) continue
      covered = true
      const problem = check(schema as Schema, obj[key] as Json, childPath, ctx)
      if (problem !== null) return problem
    }
    if (!covered && s.additionalProperties !== undefined) {
      if (s.additionalProperties === false) return `${at(path)}: the property "${key}" is not allowed (additionalProperties is false)`
      const problem = check(s.additionalProperties as Schema, obj[key] as Json, childPath, ctx)
      if (problem !== null) return problem
    }
  }
  return null
}

function checkCombinators(s: Record<string, unknown>, value: Json, path: string, ctx: Context): string | null {
  if (Array.isArray(s.allOf)) {
    for (const sub of s.allOf) {
      const problem = check(sub as Schema, value, path, ctx)
      if (problem !== null) return problem
    }
  }
  if (Array.isArray(s.anyOf)) {
    const problems = s.anyOf.map((sub) => check(sub as Schema, value, path, ctx))
    if (!problems.includes(null)) return `${at(path)}: matches none of anyOf (first: ${problems[0] ?? ''})`
  }
  if (Array.isArray(s.oneOf)) {
    const problems = s.oneOf.map((sub) => check(sub as Schema, value, path, ctx))
    const passed = problems.filter((p) => p === null).length
    if (passed === 0) return `${at(path)}: matches none of oneOf (first: ${problems[0] ?? ''})`
    if (passed > 1) return `${at(path)}: matches ${passed} of oneOf; it must match exactly one`
  }
  if (s.not !== undefined && check(s.not as Schema, value, path, ctx) === null) return `${at(path)}: must not match the "not" schema`
  if (s.if !== undefined) {
    const branch = check(s.if as Schema, value, path, ctx) === null ? s.then : s.else
    if (branch !== undefined) return check(branch as Schema, value, path, ctx)
  }
  return null
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  if (ref === '#') return root
  if (!ref.startsWith('#/')) return undefined
  let node: unknown = root
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
    if (!isObject(node) || !Object.hasOwn(node, key)) return undefined
    node = node[key]
  }
  return typeof node === 'boolean' || isObject(node) ? (node) : undefined
}

function hasType(value: Json, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null
    case 'boolean':
      return typeof value === 'boolean'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'number':
      return typeof value === 'number'
    case 'string':
      return typeof value === 'string'
    case 'array':
      return Array.isArray(value)
    case 'object':
      return isObject(value)
    default:
      return false
  }
}

function typeOf(value: Json): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number' && Number.isInteger(value)) return `integer ${value}`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`
  if (typeof value === 'string') return `string ${short(value)}`
  return typeof value
}

function equal(a: Json, b: Json): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i] as Json))
  const ka = Object.keys(a)
  const bo = b as Record<string, Json>
  return ka.length === Object.keys(bo).length && ka.every((k) => Object.hasOwn(bo, k) && equal((a as Record<string, Json>)[k] as Json, bo[k] as Json))
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 40 ? `${text.slice(0, 37)}...` : text
}

function at(path: string): string {
  return path === '' ? '/' : path
}

function pointerEscape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1')
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
