// An organ's form as the organ tests fill it: a conseil coopératif of 3 seats, no term, no rule.
import type { OrganInput } from "~/services/organs.server";

export function organInput(over: Partial<OrganInput> = {}): OrganInput {
  return { name: "Conseil coopératif", kind: "cooperative-board", seats: 3, termMonths: null, ruleId: null, reserved: [], ...over };
}
