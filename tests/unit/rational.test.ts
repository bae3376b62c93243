import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rational } from "~/domain/rational";

const r = (n: bigint | number, d: bigint | number = 1n) => Rational.of(n, d);
const q = (text: string) => {
  const x = Rational.parse(text);
  if (x === null) throw new Error(`test input ${text} does not parse`);
  return x;
};

const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};

// Wide enough to overflow doubles when multiplied, small enough to stay fast.
const bigint = fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n });
const nonZero = bigint.filter((n) => n !== 0n);
const rational = fc.tuple(bigint, nonZero).map(([n, d]) => Rational.of(n, d));
const nonZeroRational = fc.tuple(nonZero, nonZero).map(([n, d]) => Rational.of(n, d));

describe("Rational.of", () => {
  it.each([
    { num: 2n, den: 4n, want: [1n, 2n] },
    { num: 3, den: -6, want: [-1n, 2n] },
    { num: -3n, den: -6n, want: [1n, 2n] },
    { num: 0n, den: -7n, want: [0n, 1n] },
    { num: 5, den: 1, want: [5n, 1n] },
    { num: 7n, den: undefined, want: [7n, 1n] },
    { num: 300_000, den: 1_000_000, want: [3n, 10n] },
  ])("$num/$den is reduced to $want", ({ num, den, want }) => {
    const x = den === undefined ? Rational.of(num) : Rational.of(num, den);
    expect([x.num, x.den]).toEqual(want);
  });

  it.each([
    { num: 1n, den: 0n },
    { num: 1, den: 0 },
    { num: 1.5, den: 1 },
    { num: 1, den: 0.5 },
    { num: Number.NaN, den: 1 },
    { num: Number.POSITIVE_INFINITY, den: 1 },
    { num: 2 ** 60, den: 1 },
  ])("refuses $num/$den", ({ num, den }) => {
    expect(() => Rational.of(num, den)).toThrow(RangeError);
  });

  it("has ZERO and ONE", () => {
    expect([Rational.ZERO.num, Rational.ZERO.den]).toEqual([0n, 1n]);
    expect([Rational.ONE.num, Rational.ONE.den]).toEqual([1n, 1n]);
  });

  it("reads integer millionths with fromScaled", () => {
    expect(Rational.fromScaled(333_333, 1_000_000).toString()).toBe("333333/1000000");
    expect(Rational.fromScaled(250_000n, 1_000_000n).toString()).toBe("1/4");
  });

  it("is immutable at run time", () => {
    const x = r(1, 3);
    expect(() => {
      (x as { num: bigint }).num = 2n;
    }).toThrow(TypeError);
    expect(x.num).toBe(1n);
  });
});

describe("Rational.parse", () => {
  it.each([
    ["3", "3"],
    ["-2", "-2"],
    ["+7", "7"],
    ["0", "0"],
    ["-0", "0"],
    ["007", "7"],
    ["0.1", "1/10"],
    ["33.33", "3333/100"],
    ["1,5", "3/2"],
    ["-0,25", "-1/4"],
    ["+2.50", "5/2"],
    ["1/3", "1/3"],
    [" 2 / 3 ", "2/3"],
    ["-4/6", "-2/3"],
    ["+1/2", "1/2"],
    ["0/5", "0"],
    ["  12  ", "12"],
    ["123456789012345678901234567890.5", "246913578024691357802469135781/2"],
  ])("reads %j as %s", (text, want) => {
    expect(Rational.parse(text)?.toString()).toBe(want);
  });

  it.each(["", " ", "abc", "1/0", "1.2.3", "1e3", "1/2/3", "Infinity", "-Infinity", "NaN", ".5", "5.", "1/-3", "- 3", "1,000.5", "1 000", "0x10", "30%", "1/", "/2", "١٢"])(
    "refuses %j",
    (text) => {
      expect(Rational.parse(text)).toBeNull();
    },
  );

  it("refuses what is not a string", () => {
    expect(Rational.parse(3 as unknown as string)).toBeNull();
    expect(Rational.parse(null as unknown as string)).toBeNull();
  });
});

describe("Rational.parsePercent", () => {
  it.each([
    ["30", "3/10"],
    ["30%", "3/10"],
    ["30 %", "3/10"],
    ["30\u202f%", "3/10"],
    ["33.33", "3333/10000"],
    ["66,67 %", "6667/10000"],
    ["100", "1"],
    ["0", "0"],
    ["-5%", "-1/20"],
    ["1/3", "1/3"],
    [" 2 / 3 ", "2/3"],
  ])("reads %j as %s", (text, want) => {
    expect(Rational.parsePercent(text)?.toString()).toBe(want);
  });

  it.each(["", "%", "30%%", "% 30", "abc %", "1/3 %", "1/3%", "1/0", "1e2%", "Infinity"])("refuses %j", (text) => {
    expect(Rational.parsePercent(text)).toBeNull();
  });
});

describe("arithmetic", () => {
  it.each([
    { a: "1/2", b: "1/3", add: "5/6", sub: "1/6", mul: "1/6", div: "3/2" },
    { a: "-3/4", b: "3/4", add: "0", sub: "-3/2", mul: "-9/16", div: "-1" },
    { a: "7", b: "-2", add: "5", sub: "9", mul: "-14", div: "-7/2" },
    { a: "0", b: "5/7", add: "5/7", sub: "-5/7", mul: "0", div: "0" },
  ])("$a with $b", ({ a, b, add, sub, mul, div }) => {
    expect(q(a).add(q(b)).toString()).toBe(add);
    expect(q(a).sub(q(b)).toString()).toBe(sub);
    expect(q(a).mul(q(b)).toString()).toBe(mul);
    expect(q(a).div(q(b)).toString()).toBe(div);
  });

  it("refuses to divide by zero", () => {
    expect(() => r(1).div(Rational.ZERO)).toThrow(RangeError);
  });

  it.each([
    { x: "-3/4", neg: "3/4", abs: "3/4" },
    { x: "3/4", neg: "-3/4", abs: "3/4" },
    { x: "0", neg: "0", abs: "0" },
  ])("neg and abs of $x", ({ x, neg, abs }) => {
    expect(q(x).neg().toString()).toBe(neg);
    expect(q(x).abs().toString()).toBe(abs);
  });

  it("sums exactly where floats do not: 0.1 + 0.2 = 0.3", () => {
    expect(Rational.sum([q("0.1"), q("0.2")]).eq(q("0.3"))).toBe(true);
  });

  it("sums three thirds to one and an empty list to zero", () => {
    expect(Rational.sum([r(1, 3), r(1, 3), r(1, 3)]).eq(Rational.ONE)).toBe(true);
    expect(Rational.sum([]).isZero()).toBe(true);
  });
});

describe("comparison", () => {
  it.each([
    { a: "1/3", b: "1/2", cmp: -1 },
    { a: "2/4", b: "1/2", cmp: 0 },
    { a: "-1/2", b: "-2/3", cmp: 1 },
    { a: "2/3", b: "0.6667", cmp: -1 },
  ])("$a vs $b is $cmp", ({ a, b, cmp }) => {
    const [x, y] = [q(a), q(b)];
    expect(x.cmp(y)).toBe(cmp);
    expect(x.eq(y)).toBe(cmp === 0);
    expect(x.lt(y)).toBe(cmp < 0);
    expect(x.lte(y)).toBe(cmp <= 0);
    expect(x.gt(y)).toBe(cmp > 0);
    expect(x.gte(y)).toBe(cmp >= 0);
  });

  it.each([
    { x: "-1/9", zero: false, pos: false, neg: true },
    { x: "0/9", zero: true, pos: false, neg: false },
    { x: "1/9", zero: false, pos: true, neg: false },
  ])("sign of $x", ({ x, zero, pos, neg }) => {
    expect([q(x).isZero(), q(x).isPositive(), q(x).isNegative()]).toEqual([zero, pos, neg]);
  });

  it("finds min and max", () => {
    const list = ["1/3", "-1/2", "3/4", "1/4"].map(q);
    expect(Rational.min(list[0]!, ...list.slice(1)).toString()).toBe("-1/2");
    expect(Rational.max(list[0]!, ...list.slice(1)).toString()).toBe("3/4");
    expect(Rational.min(r(5)).toString()).toBe("5");
  });
});

describe("display", () => {
  it.each([
    { x: r(307, 600), s: "307/600" },
    { x: r(6, 6), s: "1" },
    { x: r(0, 3), s: "0" },
    { x: r(3, -4), s: "-3/4" },
  ])("toString gives $s", ({ x, s }) => {
    expect(x.toString()).toBe(s);
  });

  it.each([
    { x: "30700/600", d: 2, s: "51.17" },
    { x: "2/3", d: 2, s: "0.67" },
    { x: "1/8", d: 2, s: "0.13" },
    { x: "-1/8", d: 2, s: "-0.13" },
    { x: "5", d: 2, s: "5.00" },
    { x: "-5", d: 2, s: "-5.00" },
    { x: "1/3", d: 2, s: "0.33" },
    { x: "-1/3", d: 2, s: "-0.33" },
    { x: "-1/1000", d: 2, s: "0.00" },
    { x: "999/1000", d: 2, s: "1.00" },
    { x: "5/2", d: 0, s: "3" },
    { x: "-5/2", d: 0, s: "-3" },
    { x: "12345", d: 0, s: "12345" },
    { x: "1/7", d: 10, s: "0.1428571429" },
  ])("toFixed($d) of $x is $s", ({ x, d, s }) => {
    expect(q(x).toFixed(d)).toBe(s);
  });

  it("rounds (307/600) × 100 to 51.17", () => {
    expect(r(307, 600).mul(r(100)).toFixed(2)).toBe("51.17");
  });

  it.each([-1, 1.5, Number.NaN])("refuses %s decimals", (d) => {
    expect(() => r(1, 3).toFixed(d)).toThrow(RangeError);
  });

  it.each([
    { x: "307/600", d: undefined, s: "51.17" },
    { x: "3/10", d: undefined, s: "30.00" },
    { x: "2/3", d: 0, s: "67" },
    { x: "1/3", d: 4, s: "33.3333" },
  ])("toPercent of $x is $s", ({ x, d, s }) => {
    expect(d === undefined ? q(x).toPercent() : q(x).toPercent(d)).toBe(s);
  });

  it.each([
    { x: r(1, 4), n: 0.25 },
    { x: r(-3, 2), n: -1.5 },
    { x: r(10n ** 400n + 1n, 10n ** 399n), n: 10 },
  ])("toNumber gives about $n", ({ x, n }) => {
    expect(x.toNumber()).toBeCloseTo(n, 12);
  });
});

describe("properties", () => {
  it("add is commutative", () => {
    fc.assert(fc.property(rational, rational, (a, b) => a.add(b).eq(b.add(a))));
  });

  it("add is associative", () => {
    fc.assert(fc.property(rational, rational, rational, (a, b, c) => a.add(b).add(c).eq(a.add(b.add(c)))));
  });

  it("a - a is zero", () => {
    fc.assert(fc.property(rational, (a) => a.sub(a).isZero() && a.sub(a).eq(Rational.ZERO)));
  });

  it("(a × b) ÷ b = a for b ≠ 0", () => {
    fc.assert(fc.property(rational, nonZeroRational, (a, b) => a.mul(b).div(b).eq(a)));
  });

  it("parse(toString()) gives the value back", () => {
    fc.assert(fc.property(rational, (a) => Rational.parse(a.toString())?.eq(a) === true));
  });

  it("results are always reduced with a positive denominator", () => {
    const ops = ["add", "sub", "mul", "div"] as const;
    fc.assert(
      fc.property(rational, nonZeroRational, fc.constantFrom(...ops), (a, b, op) => {
        const x = a[op](b);
        return x.den > 0n && gcd(x.num, x.den) === 1n && (x.num !== 0n || x.den === 1n);
      }),
    );
  });

  it("cmp agrees with the sign of the difference", () => {
    fc.assert(
      fc.property(rational, rational, (a, b) => {
        const d = a.sub(b);
        const sign = d.isZero() ? 0 : d.isPositive() ? 1 : -1;
        return a.cmp(b) === sign && b.cmp(a) === -sign;
      }),
    );
  });

  it("toFixed is within half a unit of the last place, and parses back", () => {
    fc.assert(
      fc.property(rational, fc.integer({ min: 0, max: 6 }), (a, d) => {
        const shown = Rational.parse(a.toFixed(d))!;
        const halfUnit = Rational.of(1n, 2n * 10n ** BigInt(d));
        return shown.sub(a).abs().lte(halfUnit);
      }),
    );
  });

  it("toFixed rounds symmetrically: -a shows as a with a minus sign", () => {
    fc.assert(
      fc.property(rational, fc.integer({ min: 0, max: 6 }), (a, d) => {
        const pos = a.abs().toFixed(d);
        const neg = a.abs().neg().toFixed(d);
        return /^0(\.0*)?$/.test(pos) ? neg === pos : neg === `-${pos}`;
      }),
    );
  });

  it("a decimal string parses to exactly its digits over a power of ten", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }), (n, d) => {
        const digits = n.toString().padStart(d + 1, "0");
        const text = d === 0 ? digits : `${digits.slice(0, -d)}.${digits.slice(-d)}`;
        return Rational.parse(text)!.eq(Rational.of(n, 10n ** BigInt(d)));
      }),
    );
  });
});
