import { describe, expect, it } from "vitest";
import { can, canSeeResolution, isRole, ROLES, type Permission, type Role } from "~/domain/roles";

describe("roles and permissions", () => {
  const table: [Permission, Role[]][] = [
    ["entity.view", ["admin", "secretary", "treasurer", "member", "observer"]],
    ["entity.manage", ["admin"]],
    ["roles.manage", ["admin"]],
    ["register.read", ["admin", "secretary"]],
    ["meeting.run", ["admin", "secretary"]],
    ["vote.cast", ["admin", "secretary", "treasurer", "member"]],
    ["budget.manage", ["admin", "treasurer"]],
    ["expense.submit", ["admin", "secretary", "treasurer"]],
    ["expense.approve", ["admin", "secretary", "treasurer"]],
  ];
  it.each(table)("%s is granted to %j only", (permission, allowed) => {
    for (const role of ROLES) expect(can(role, permission)).toBe(allowed.includes(role));
  });

  it("grants nothing without a role", () => {
    expect(can(null, "entity.view")).toBe(false);
    expect(can(undefined, "entity.view")).toBe(false);
  });

  it.each([["admin", true], ["observer", true], ["treasurer", true], ["cashier", false], ["", false], [null, false], ["ADMIN", false]])("isRole(%j) is %s", (value, expected) => {
    expect(isRole(value)).toBe(expected);
  });

  it.each([
    ["draft", ["admin", "secretary"]],
    ["withdrawn", ["admin", "secretary"]],
    ["scheduled", ROLES],
    ["open", ROLES],
    ["closed", ROLES],
  ] as [string, readonly Role[]][])("a %s resolution is seen by %j", (status, allowed) => {
    for (const role of ROLES) expect(canSeeResolution(role, status)).toBe(allowed.includes(role));
    expect(canSeeResolution(null, status)).toBe(false);
  });

  // A draft on the agenda of a convened meeting (notice sent) is read by everyone in the entity.
  it.each([
    ["draft", null, ["admin", "secretary"]],
    ["draft", { noticeSent: false }, ["admin", "secretary"]],
    ["draft", { noticeSent: true }, ROLES],
    ["withdrawn", { noticeSent: true }, ["admin", "secretary"]],
    ["open", { noticeSent: false }, ROLES],
  ] as [string, { noticeSent: boolean } | null, readonly Role[]][])("a %s resolution of meeting %j is seen by %j", (status, meeting, allowed) => {
    for (const role of ROLES) expect(canSeeResolution(role, status, meeting)).toBe(allowed.includes(role));
    expect(canSeeResolution(null, status, meeting)).toBe(false);
  });
});
