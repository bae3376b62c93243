/**
 * Exact fractions over BigInt. Weights, shares and tally results are compared with these,
 * never with floats, so that "exactly two thirds" really is 2/3 (DESIGN.md §3).
 */

// Digits only, one optional "." or French "," separator: "1e3", ".5" and "Infinity" stay out.
const DECIMAL = /^([+-]?)(\d+)(?:[.,](\d+))?$/;
// Only the whole fraction may carry a sign: "-1/3", not "1/-3".
const FRACTION = /^([+-]?)(\d+)\s*\/\s*(\d+)$/;

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function toBigInt(value: bigint | number, what: string): bigint {
  if (typeof value === "bigint") return value;
  // Beyond 2^53 a number has already lost digits; refuse rather than be exact about a wrong value.
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} must be a safe integer, got ${value}`);
  return BigInt(value);
}

export class Rational {
  readonly num: bigint;
  readonly den: bigint;

  /** Callers outside the class go through `of`, which reduces. */
  private constructor(num: bigint, den: bigint) {
    this.num = num;
    this.den = den;
    Object.freeze(this);
  }

  /** Reduced, with the sign on the numerator, so that equal values have equal fields. */
  private static make(num: bigint, den: bigint): Rational {
    if (den === 0n) throw new RangeError("denominator must not be zero");
    if (num === 0n) return Rational.ZERO;
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    const g = gcd(num, den);
    return new Rational(num / g, den / g);
  }

  static readonly ZERO: Rational = new Rational(0n, 1n);
  static readonly ONE: Rational = new Rational(1n, 1n);

  static of(num: bigint | number, den: bigint | number = 1n): Rational {
    return Rational.make(toBigInt(num, "numerator"), toBigInt(den, "denominator"));
  }

  /** value / scale, e.g. a weight stored as integer millionths: fromScaled(333_333, 1_000_000). */
  static fromScaled(value: bigint | number, scale: bigint | number): Rational {
    return Rational.of(value, scale);
  }

  /**
   * "3", "-2", "+0.1", "33,33", "1/3", " 2 / 3 ". Decimals are read exactly ("0.1" is 1/10).
   * Anything else, and a zero denominator, gives null: input comes from people and files.
   */
  static parse(text: string): Rational | null {
    if (typeof text !== "string") return null;
    const s = text.trim();
    const dec = DECIMAL.exec(s);
    if (dec) {
      const [, sign, whole, frac = ""] = dec;
      const num = BigInt(whole! + frac);
      return Rational.make(sign === "-" ? -num : num, 10n ** BigInt(frac.length));
    }
    const fr = FRACTION.exec(s);
    if (fr) {
      const [, sign, n, d] = fr;
      const den = BigInt(d!);
      if (den === 0n) return null;
      const num = BigInt(n!);
      return Rational.make(sign === "-" ? -num : num, den);
    }
    return null;
  }

  /**
   * A share typed by a person: "30", "30%", "30 %", "66,67 %" are percentages; a fraction
   * "1/3" is a fraction of the whole. "1/3 %" is refused as ambiguous.
   */
  static parsePercent(text: string): Rational | null {
    if (typeof text !== "string") return null;
    const s = text.trim();
    if (s.endsWith("%")) {
      const body = s.slice(0, -1).trimEnd();
      return DECIMAL.test(body) ? Rational.parse(body)!.div(HUNDRED) : null;
    }
    if (FRACTION.test(s)) return Rational.parse(s);
    const r = Rational.parse(s);
    return r === null ? null : r.div(HUNDRED);
  }

  static sum(list: readonly Rational[]): Rational {
    return list.reduce((acc, r) => acc.add(r), Rational.ZERO);
  }

  static min(first: Rational, ...rest: Rational[]): Rational {
    return rest.reduce((m, r) => (r.lt(m) ? r : m), first);
  }

  static max(first: Rational, ...rest: Rational[]): Rational {
    return rest.reduce((m, r) => (r.gt(m) ? r : m), first);
  }

  add(o: Rational): Rational {
    return Rational.make(this.num * o.den + o.num * this.den, this.den * o.den);
  }

  sub(o: Rational): Rational {
    return Rational.make(this.num * o.den - o.num * this.den, this.den * o.den);
  }

  mul(o: Rational): Rational {
    return Rational.make(this.num * o.num, this.den * o.den);
  }

  div(o: Rational): Rational {
    if (o.num === 0n) throw new RangeError("division by zero");
    return Rational.make(this.num * o.den, this.den * o.num);
  }

  neg(): Rational {
    return this.num === 0n ? this : new Rational(-this.num, this.den);
  }

  abs(): Rational {
    return this.num < 0n ? this.neg() : this;
  }

  cmp(o: Rational): -1 | 0 | 1 {
    // Denominators are positive, so cross-multiplying keeps the order.
    const l = this.num * o.den;
    const r = o.num * this.den;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  eq(o: Rational): boolean {
    return this.num === o.num && this.den === o.den;
  }
  lt(o: Rational): boolean {
    return this.cmp(o) < 0;
  }
  lte(o: Rational): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Rational): boolean {
    return this.cmp(o) > 0;
  }
  gte(o: Rational): boolean {
    return this.cmp(o) >= 0;
  }

  isZero(): boolean {
    return this.num === 0n;
  }
  isPositive(): boolean {
    return this.num > 0n;
  }
  isNegative(): boolean {
    return this.num < 0n;
  }

  /** "n/d", or "n" for an integer: the exact form shown in exports and tally files. */
  toString(): string {
    return this.den === 1n ? `${this.num}` : `${this.num}/${this.den}`;
  }

  /**
   * Rounded half away from zero, the usual rule for published results: 1/8 -> "0.13",
   * -1/8 -> "-0.13". A value that rounds to zero prints without a sign.
   */
  toFixed(decimals: number): string {
    if (!Number.isSafeInteger(decimals) || decimals < 0) {
      throw new RangeError(`decimals must be a non-negative integer, got ${decimals}`);
    }
    const scale = 10n ** BigInt(decimals);
    const scaled = (this.num < 0n ? -this.num : this.num) * scale;
    let q = scaled / this.den;
    if (2n * (scaled % this.den) >= this.den) q += 1n;
    const sign = this.num < 0n && q !== 0n ? "-" : "";
    if (decimals === 0) return `${sign}${q}`;
    return `${sign}${q / scale}.${(q % scale).toString().padStart(decimals, "0")}`;
  }

  /** This as a percentage, e.g. 307/600 -> "51.17". */
  toPercent(decimals = 2): string {
    return this.mul(HUNDRED).toFixed(decimals);
  }

  /** For display and charts only: a float is never used to decide anything. */
  toNumber(): number {
    const direct = Number(this.num) / Number(this.den);
    // Huge numerators and denominators overflow to Infinity/Infinity; go through the decimal text.
    return Number.isFinite(direct) ? direct : Number(this.toFixed(20));
  }
}

const HUNDRED = Rational.of(100n);
