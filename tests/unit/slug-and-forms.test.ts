import { changedFields } from "~/domain/changes";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { slugify, SLUG_PATTERN } from "~/domain/slug";
import { loginSchema, passwordChangeSchema, setupSchema } from "~/schemas/auth";
import { parseForm } from "~/schemas/form";

const form = (values: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
};

describe("slugify", () => {
  it.each([
    ["Alliance du Val de Loire", "alliance-du-val-de-loire"],
    ["  Épicerie   Solidaire d’Angers ", "epicerie-solidaire-d-angers"],
    ["SCIC «Énergies» 2026", "scic-energies-2026"],
    ["---", ""],
  ])("%j -> %j", (name, slug) => expect(slugify(name)).toBe(slug));

  it("always gives a valid slug or nothing", () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const slug = slugify(s);
      return slug === "" || (SLUG_PATTERN.test(slug) && slug.length <= 60);
    }));
  });
});

describe("form parsing", () => {
  it("names the field of every error and keeps the values but the password", () => {
    const result = parseForm(setupSchema, form({ name: "", email: "not-an-email", password: "short" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      name: { key: "errors.required", params: { field: "name" } },
      email: { key: "errors.email", params: { field: "email" } },
      password: { key: "errors.passwordTooShort", params: { field: "password" } },
    });
    expect(result.values).toEqual({ name: "", email: "not-an-email" });
  });

  it("refuses passwords under 10 characters and accepts 10", () => {
    expect(setupSchema.safeParse({ name: "A", email: "a@b.example", password: "123456789" }).success).toBe(false);
    expect(setupSchema.safeParse({ name: "A", email: "a@b.example", password: "1234567890" }).success).toBe(true);
  });

  it("reports mismatched new passwords on the confirmation field", () => {
    const result = parseForm(passwordChangeSchema, form({ currentPassword: "x", newPassword: "abcdefghij", confirmPassword: "abcdefghik" }));
    expect(result.ok ? null : result.errors).toEqual({ confirmPassword: { key: "errors.passwordMismatch", params: { field: "confirmPassword" } } });
  });

  it.each([
    ["/o/demo", "/o/demo"],
    ["https://evil.example/", "/"],
    ["//evil.example", "/"],
    ["/\\evil.example", "/"],
    [undefined, "/"],
  ])("redirectTo %j becomes %j", (redirectTo, expected) => {
    const parsed = loginSchema.parse({ email: "a@b.example", password: "x", redirectTo });
    expect(parsed.redirectTo).toBe(expected);
  });
});

describe("changedFields", () => {
  it("names only the fields that changed, before and after, and null when none did", () => {
    expect(changedFields({ a: 1, b: "x", c: null }, { a: 1, b: "y", c: 2 })).toEqual({ before: { b: "x", c: null }, after: { b: "y", c: 2 } });
    expect(changedFields({ a: 1 }, { a: 1 })).toBeNull();
  });
});
