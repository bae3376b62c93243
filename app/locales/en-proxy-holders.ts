// English texts of the "proxyHolders" namespace (see fr-proxy-holders.ts).
import type { Same } from "./en";
import type proxyHoldersFr from "./fr-proxy-holders";

const proxyHolders: Same<typeof proxyHoldersFr> = {
  intro: {
    spouse: "The statutes also let you give your proxy to your spouse or PACS partner, even if they are not a member. They vote in the room, once checked in.",
    anyone: "The statutes also let you give your proxy to a person who is not a member. They vote in the room, once checked in.",
  },
  name: "Proxy holder’s full name",
  nameHint: "As on their identity document: the desk checks it at the door.",
  relation: "Relation to the principal",
  relations: { spouse: "spouse or PACS partner", other: "another person" },
  give: "Give my proxy to this person",
  outsiderOption: "A person outside the members (name below)",
  checkedIn: "checked in",
  checkIn: "Check in",
  checkOut: "Undo check-in",
  checkInLabel: "Check in {{name}}, proxy holder from outside",
  checkOutLabel: "Undo the check-in of {{name}}",
  checkedInFlash: "{{name}} is checked in: {{principal}}’s proxy counts.",
  checkedOutFlash: "Check-in of {{name}} undone.",
  errors: {
    notAllowed: {
      members: "This meeting’s statutes accept members only as proxy holders.",
      spouse: "Outside the members, this meeting’s statutes accept only the principal’s spouse or PACS partner.",
      anyone: "This proxy holder is not accepted.",
    },
  },
};

export default proxyHolders;
