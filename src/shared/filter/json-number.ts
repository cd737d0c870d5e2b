/**
 * JSON numbers as the record writes them, for the JSON field filter. JSON.parse rounds a number
 * to the nearest double, and distinct numbers of more than 15 significant digits can round to
 * the same one: 12345678901234567890 and …891 both read as 12345678901234567000, so a filter
 * `id = 12345678901234567891` would match a record whose id is …890 (64-bit ids, Avro longs).
 * Numbers a double holds apart (at most 15 significant digits, DBL_DIG, and an exponent of at
 * most two digits, well inside a double's range) are compared as doubles; the others by their
 * digits. Pure.
 */

/** A number a double would not hold exactly, kept as its source text. */
export class ExactNumber {
  constructor(readonly source: string) {}
}

/** Over 15 digits in a row (a point among them), or a three-digit exponent: a double may round it. */
const MAY_ROUND = /\d[\d.]{15}|[eE][+-]?\d{3}/

/**
 * Whether every number in `source` (a number's source, or any JSON text) is one doubles keep
 * apart from every other such number: Number() of it then answers comparisons exactly.
 * Conservative: digits inside strings may say no, which only costs the exact path.
 */
export function readsExactly(source: string): boolean {
  return !MAY_ROUND.test(source)
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** ±digits × 10^exponent, digits without leading or trailing zeros ('' for zero). */
function normalise(text: string): { negative: boolean; digits: string; exponent: number } | null {
  const m = DECIMAL.exec(text)
  if (m === null) return null
  const whole = m[2] ?? ''
  const fraction = m[3] ?? ''
  if (whole === '' && fraction === '') return null
  let digits = (whole + fraction).replace(/^0+/, '')
  let exponent = Number(m[4] ?? '0') - fraction.length
  const trimmed = digits.replace(/0+$/, '')
  exponent += digits.length - trimmed.length
  digits = trimmed
  return { negative: m[1] === '-' && digits !== '', digits, exponent }
}

/**
 * The sign of a − b for two numbers written in decimal (JSON numbers, a filter's literal, or
 * String() of a double): exact, whatever their number of digits.
 */
export function compareDecimals(a: string, b: string): number {
  const x = normalise(a)
  const y = normalise(b)
  if (x === null || y === null) return Math.sign(Number(a) - Number(b))
  if (x.negative !== y.negative) return x.negative ? -1 : 1
  const sign = x.negative ? -1 : 1
  if (x.digits === '' || y.digits === '') return x.digits === y.digits ? 0 : x.digits === '' ? -sign : sign
  // The place of the leading digit decides, then the digits from it.
  const xLead = x.digits.length + x.exponent
  const yLead = y.digits.length + y.exponent
  if (xLead !== yLead) return xLead > yLead ? sign : -sign
  const length = Math.max(x.digits.length, y.digits.length)
  const xs = x.digits.padEnd(length, '0')
  const ys = y.digits.padEnd(length, '0')
  return xs === ys ? 0 : xs > ys ? sign : -sign
}
