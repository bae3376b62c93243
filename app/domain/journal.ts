/**
 * The entity journal: which audit events everyone in the entity reads (governance: how the
 * entity is run and decides) and which only its administrators read (the register's personal
 * data, messages), and how each is told, in French and English, with its subject.
 *
 * To journal a new action, add one line to JOURNAL_ACTIONS. An action missing from it is
 * admin-only and shown by its raw name, so a new power is never shown to members by mistake.
 */

export type JournalKind = "governance" | "admin";
export const JOURNAL_KINDS = ["governance", "admin"] as const satisfies readonly JournalKind[];
export type JournalLocale = "fr" | "en";

/** How a value from an event's detail is shown: a sum of cents, a role, a vote's outcome. */
export type ParamFormat = "money" | "role" | "outcome" | "text";

export interface JournalAction {
  kind: JournalKind;
  /**
   * Governance shown to members only while its subject (a resolution, a meeting) is public,
   * i.e. no longer a draft; administrators always see it.
   */
  whilePublic?: true;
  /** Where the subject is when the event has none of its own: a key of its detail. */
  subjectIn?: { type: string; key: string };
  /** Values of the event's detail the sentence names, e.g. { amount: ["amountCents", "money"] }. */
  params?: Record<string, readonly [key: string, format: ParamFormat]>;
  /** The sentence; {{subject}} is the subject's label (a name, a title), {{…}} the params. */
  fr: string;
  en: string;
}

const inMeeting = { type: "meeting", key: "meetingId" };
const amount = (key: string) => ({ amount: [key, "money"] as const });

export const JOURNAL_ACTIONS: Record<string, JournalAction> = {
  // The entity, its colleges and weights, its voting rules
  "entity.created": { kind: "governance", fr: "Création de l’entité", en: "Entity created" },
  "entity.updated": { kind: "governance", fr: "Paramètres de l’entité modifiés (forme, capital, collèges, budget)", en: "Entity settings changed (legal form, capital, colleges, budget)" },
  "college.created": { kind: "governance", fr: "Collège «\u00a0{{subject}}\u00a0» créé", en: "College “{{subject}}” created" },
  "college.updated": { kind: "governance", fr: "Collège «\u00a0{{subject}}\u00a0» modifié", en: "College “{{subject}}” changed" },
  "college.archived": { kind: "governance", fr: "Collège «\u00a0{{subject}}\u00a0» archivé", en: "College “{{subject}}” archived" },
  "college.weight": { kind: "governance", fr: "Nouvelle pondération du collège «\u00a0{{subject}}\u00a0»", en: "New weight for college “{{subject}}”" },
  "rule.created": { kind: "governance", fr: "Règle de vote «\u00a0{{subject}}\u00a0» créée", en: "Voting rule “{{subject}}” created" },
  "rule.revised": { kind: "governance", fr: "Règle de vote «\u00a0{{subject}}\u00a0» révisée", en: "Voting rule “{{subject}}” revised" },
  // Resolutions and votes
  "resolution.created": { kind: "governance", whilePublic: true, fr: "Résolution {{subject}} rédigée", en: "Resolution {{subject}} drafted" },
  "resolution.edited": { kind: "governance", whilePublic: true, fr: "Résolution {{subject}} modifiée", en: "Resolution {{subject}} edited" },
  "resolution.withdrawn": { kind: "admin", fr: "Résolution {{subject}} retirée", en: "Resolution {{subject}} withdrawn" },
  "resolution.scheduled": { kind: "governance", fr: "Vote programmé sur la résolution {{subject}}", en: "Vote scheduled on resolution {{subject}}" },
  "resolution.opened": { kind: "governance", fr: "Vote ouvert sur la résolution {{subject}}", en: "Vote opened on resolution {{subject}}" },
  "resolution.closed": { kind: "governance", params: { outcome: ["outcome", "outcome"] }, fr: "Vote clos sur la résolution {{subject}}\u00a0: {{outcome}}", en: "Vote closed on resolution {{subject}}: {{outcome}}" },
  "resolution.secondRound": { kind: "governance", whilePublic: true, fr: "Second tour préparé\u00a0: résolution {{subject}}", en: "Second round prepared: resolution {{subject}}" },
  "election.drafted": { kind: "governance", whilePublic: true, fr: "Élection {{subject}} préparée", en: "Election {{subject}} prepared" },
  "candidacy.filed": { kind: "governance", whilePublic: true, params: { name: ["member", "text"] }, fr: "Candidature de {{name}} à l’élection {{subject}}", en: "{{name}} stands in election {{subject}}" },
  "candidacy.withdrawn": { kind: "governance", whilePublic: true, fr: "Candidature retirée de l’élection {{subject}}", en: "A candidacy withdrawn from election {{subject}}" },
  "resolution.counting": { kind: "governance", fr: "Vote clos sur la résolution {{subject}}\u00a0: dépouillement des sommes chiffrées", en: "Vote closed on resolution {{subject}}: counting the encrypted sums" },
  // Secret ballots: who holds the keys, and when the server's key is gone
  "election.created": { kind: "governance", whilePublic: true, fr: "Clé de scrutin secret créée pour la résolution {{subject}}", en: "Secret ballot key created for resolution {{subject}}" },
  "election.trusteesSet": { kind: "governance", whilePublic: true, fr: "Scrutateurs détenteurs de clé désignés pour la résolution {{subject}}", en: "Key-holding trustees named for resolution {{subject}}" },
  "election.serverMode": { kind: "governance", whilePublic: true, fr: "Scrutin secret de la résolution {{subject}} confié à la clé du serveur", en: "Secret ballot of resolution {{subject}} left to the server's key" },
  "election.keyPublished": { kind: "governance", whilePublic: true, fr: "Un scrutateur a publié sa clé pour la résolution {{subject}}", en: "A trustee published their key for resolution {{subject}}" },
  "election.sharesGiven": { kind: "governance", fr: "Un scrutateur a déchiffré sa part du résultat de la résolution {{subject}}", en: "A trustee decrypted their share of the result of resolution {{subject}}" },
  "election.keyDestroyed": { kind: "governance", fr: "Clé du serveur détruite après le dépouillement de la résolution {{subject}}", en: "Server key destroyed after counting resolution {{subject}}" },
  "postal.setAside": { kind: "admin", fr: "Vote par correspondance écarté à l’ouverture du vote sur la résolution {{subject}} (collège ou poids changé)", en: "Postal vote set aside when the vote opened on resolution {{subject}} (college or weight changed)" },
  // Meetings and minutes
  "meeting.created": { kind: "governance", whilePublic: true, fr: "Assemblée «\u00a0{{subject}}\u00a0» créée", en: "Meeting “{{subject}}” created" },
  "meeting.updated": { kind: "governance", whilePublic: true, fr: "Assemblée «\u00a0{{subject}}\u00a0» modifiée", en: "Meeting “{{subject}}” changed" },
  "meeting.itemAdded": { kind: "governance", whilePublic: true, fr: "Point ajouté à l’ordre du jour de «\u00a0{{subject}}\u00a0»", en: "Item added to the agenda of “{{subject}}”" },
  "meeting.itemMoved": { kind: "governance", whilePublic: true, fr: "Ordre du jour de «\u00a0{{subject}}\u00a0» réordonné", en: "Agenda of “{{subject}}” reordered" },
  "meeting.itemRemoved": { kind: "governance", whilePublic: true, fr: "Point retiré de l’ordre du jour de «\u00a0{{subject}}\u00a0»", en: "Item removed from the agenda of “{{subject}}”" },
  "meeting.documentAdded": { kind: "governance", whilePublic: true, fr: "Document joint à «\u00a0{{subject}}\u00a0»", en: "Document attached to “{{subject}}”" },
  "meeting.convened": { kind: "governance", subjectIn: inMeeting, fr: "Assemblée «\u00a0{{subject}}\u00a0» convoquée", en: "Meeting “{{subject}}” convened" },
  "meeting.opened": { kind: "governance", subjectIn: inMeeting, fr: "Séance «\u00a0{{subject}}\u00a0» ouverte", en: "Meeting “{{subject}}” opened" },
  "meeting.closed": { kind: "governance", subjectIn: inMeeting, fr: "Séance «\u00a0{{subject}}\u00a0» close", en: "Meeting “{{subject}}” closed" },
  // Names of a principal and of a person outside the members: administrators only.
  "proxy.holderCheckedIn": { kind: "admin", params: { holder: ["holder", "text"], principal: ["principal", "text"] }, fr: "Séance «\u00a0{{subject}}\u00a0»\u00a0: {{holder}} émargé·e comme mandataire de {{principal}}", en: "Meeting “{{subject}}”: {{holder}} checked in as proxy holder for {{principal}}" },
  "proxy.holderCheckedOut": { kind: "admin", params: { holder: ["holder", "text"], principal: ["principal", "text"] }, fr: "Séance «\u00a0{{subject}}\u00a0»\u00a0: émargement de {{holder}}, mandataire de {{principal}}, annulé", en: "Meeting “{{subject}}”: check-in of {{holder}}, proxy holder for {{principal}}, undone" },
  "meeting.nextCall": { kind: "governance", subjectIn: { type: "meeting", key: "to" }, fr: "Nouvelle convocation pour «\u00a0{{subject}}\u00a0»", en: "New call for “{{subject}}”" },
  "minutes.finalized": { kind: "governance", subjectIn: inMeeting, fr: "Procès-verbal de «\u00a0{{subject}}\u00a0» arrêté", en: "Minutes of “{{subject}}” finalised" },
  // Budget
  "budget.created": { kind: "governance", fr: "Budget «\u00a0{{subject}}\u00a0» créé", en: "Budget “{{subject}}” created" },
  "budget.line.added": { kind: "governance", params: amount("plannedCents"), fr: "Ligne de {{amount}} ajoutée au budget «\u00a0{{subject}}\u00a0»", en: "Line of {{amount}} added to budget “{{subject}}”" },
  "budget.line.removed": { kind: "governance", params: amount("plannedCents"), fr: "Ligne de {{amount}} retirée du budget «\u00a0{{subject}}\u00a0»", en: "Line of {{amount}} removed from budget “{{subject}}”" },
  "budget.proposed": { kind: "governance", fr: "Budget «\u00a0{{subject}}\u00a0» proposé au vote", en: "Budget “{{subject}}” put to the vote" },
  "budget.adopted": { kind: "governance", fr: "Budget «\u00a0{{subject}}\u00a0» adopté par le vote", en: "Budget “{{subject}}” adopted by vote" },
  "budget.rejected": { kind: "governance", fr: "Budget «\u00a0{{subject}}\u00a0» rejeté par le vote", en: "Budget “{{subject}}” rejected by vote" },
  "budget.closed": { kind: "governance", fr: "Exercice du budget «\u00a0{{subject}}\u00a0» clos", en: "Budget “{{subject}}” closed" },
  "budget.transfer.applied": { kind: "governance", params: amount("amountCents"), fr: "Virement de {{amount}} entre lignes du budget «\u00a0{{subject}}\u00a0»", en: "Transfer of {{amount}} between lines of budget “{{subject}}”" },
  "budget.transfer.rejected": { kind: "governance", params: amount("amountCents"), fr: "Virement de {{amount}} rejeté par le vote (budget «\u00a0{{subject}}\u00a0»)", en: "Transfer of {{amount}} rejected by vote (budget “{{subject}}”)" },
  "expense.submitted": { kind: "governance", params: amount("amountCents"), fr: "Dépense de {{amount}} saisie (budget «\u00a0{{subject}}\u00a0»)", en: "Expense of {{amount}} submitted (budget “{{subject}}”)" },
  "expense.approved": { kind: "governance", params: amount("amountCents"), fr: "Dépense de {{amount}} approuvée (budget «\u00a0{{subject}}\u00a0»)", en: "Expense of {{amount}} approved (budget “{{subject}}”)" },
  "expense.refused": { kind: "governance", params: amount("amountCents"), fr: "Dépense de {{amount}} refusée (budget «\u00a0{{subject}}\u00a0»)", en: "Expense of {{amount}} refused (budget “{{subject}}”)" },
  "expense.corrected": { kind: "governance", params: amount("amountCents"), fr: "Dépense corrigée par son auteur, {{amount}} désormais (budget «\u00a0{{subject}}\u00a0»)", en: "Expense corrected by its author, now {{amount}} (budget “{{subject}}”)" },
  "expense.withdrawn": { kind: "governance", params: amount("amountCents"), fr: "Dépense de {{amount}} retirée par son auteur (budget «\u00a0{{subject}}\u00a0»)", en: "Expense of {{amount}} withdrawn by its author (budget “{{subject}}”)" },
  // Names the decisions had before 2026-11-30, without their amount.
  "expense.approve": { kind: "governance", fr: "Dépense approuvée (budget «\u00a0{{subject}}\u00a0»)", en: "Expense approved (budget “{{subject}}”)" },
  "expense.refuse": { kind: "governance", fr: "Dépense refusée (budget «\u00a0{{subject}}\u00a0»)", en: "Expense refused (budget “{{subject}}”)" },
  "contribution.added": { kind: "governance", params: amount("pledgedCents"), fr: "Apport de {{amount}} enregistré (budget «\u00a0{{subject}}\u00a0»)", en: "Contribution of {{amount}} recorded (budget “{{subject}}”)" },
  "contribution.received": { kind: "governance", params: amount("receivedCents"), fr: "Apport reçu, {{amount}} en tout (budget «\u00a0{{subject}}\u00a0»)", en: "Contribution received, {{amount}} in all (budget “{{subject}}”)" },
  // Who holds a role: governance, so that members see who was given the power to approve
  // expenses or run meetings (an admin acting alone cannot hide it).
  "role.granted": { kind: "governance", params: { role: ["role", "role"] }, fr: "Rôle «\u00a0{{role}}\u00a0» donné à {{subject}}", en: "Role “{{role}}” given to {{subject}}" },
  "role.changed": { kind: "governance", params: { role: ["role", "role"], previous: ["previous", "role"] }, fr: "Rôle de {{subject}} changé\u00a0: «\u00a0{{previous}}\u00a0» devient «\u00a0{{role}}\u00a0»", en: "Role of {{subject}} changed from “{{previous}}” to “{{role}}”" },
  "role.removed": { kind: "governance", params: { previous: ["previous", "role"] }, fr: "Rôle «\u00a0{{previous}}\u00a0» retiré à {{subject}}", en: "Role “{{previous}}” taken from {{subject}}" },
  // Administration: the register's personal data and messages
  "organ.created": { kind: "governance", fr: "Organe «\u00a0{{subject}}\u00a0» créé", en: "Body “{{subject}}” created" },
  "organ.updated": { kind: "governance", fr: "Organe «\u00a0{{subject}}\u00a0» modifié (sièges, mandat, règle)", en: "Body “{{subject}}” changed (seats, term, rule)" },
  "mandate.started": { kind: "governance", params: { name: ["member", "text"] }, fr: "{{name}} entre à «\u00a0{{subject}}\u00a0»", en: "{{name}} takes a seat on “{{subject}}”" },
  "mandate.ended": { kind: "governance", fr: "Fin d’un mandat à «\u00a0{{subject}}\u00a0»", en: "A mandate on “{{subject}}” ended" },
  "member.created": { kind: "admin", fr: "Membre «\u00a0{{subject}}\u00a0» inscrit au registre", en: "Member “{{subject}}” entered in the register" },
  "member.updated": { kind: "admin", fr: "Inscription de «\u00a0{{subject}}\u00a0» modifiée", en: "Register entry of “{{subject}}” changed" },
  "member.imported": { kind: "admin", fr: "Inscription de «\u00a0{{subject}}\u00a0» mise à jour par import", en: "Register entry of “{{subject}}” updated by import" },
  "member.invited": { kind: "admin", fr: "Invitation envoyée à «\u00a0{{subject}}\u00a0»", en: "Invitation sent to “{{subject}}”" },
  "invitation.accepted": { kind: "admin", fr: "Invitation acceptée par «\u00a0{{subject}}\u00a0»", en: "Invitation accepted by “{{subject}}”" },
  "account.resetSent": { kind: "admin", fr: "Lien de nouveau mot de passe envoyé à {{subject}}", en: "Password reset link sent to {{subject}}" },
  "account.resetRequested": { kind: "admin", fr: "{{subject}} a demandé un lien de nouveau mot de passe", en: "{{subject}} asked for a password reset link" },
  "outbox.linkRevealed": { kind: "admin", fr: "Lien personnel affiché\u00a0: message pour {{subject}}", en: "Personal link shown: message to {{subject}}" },
};

/** An action's kind: unknown actions are admin-only. */
export function journalKind(action: string): JournalKind {
  return JOURNAL_ACTIONS[action]?.kind ?? "admin";
}

/** The governance actions members read always, and those they read while the subject is public. */
export function governanceActions(): { always: string[]; whilePublic: string[] } {
  const entries = Object.entries(JOURNAL_ACTIONS).filter(([, a]) => a.kind === "governance");
  return { always: entries.filter(([, a]) => !a.whilePublic).map(([k]) => k), whilePublic: entries.filter(([, a]) => a.whilePublic).map(([k]) => k) };
}

export interface JournalEvent {
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  detail: Record<string, unknown> | null;
}

/** What the event is about: its own subject, else the one its action names in its detail. */
export function journalSubject(e: JournalEvent): { type: string; id: string } | null {
  if (e.subjectType && e.subjectId) return { type: e.subjectType, id: e.subjectId };
  const from = JOURNAL_ACTIONS[e.action]?.subjectIn;
  const id = from ? e.detail?.[from.key] : undefined;
  return from && typeof id === "string" && id ? { type: from.type, id } : null;
}

/** The detail values the sentence names, with how to show each (never the rest of the detail). */
export function journalParams(e: JournalEvent): Record<string, { value: string | number; format: ParamFormat }> {
  const out: Record<string, { value: string | number; format: ParamFormat }> = {};
  for (const [name, [key, format]] of Object.entries(JOURNAL_ACTIONS[e.action]?.params ?? {})) {
    const value = e.detail?.[key];
    if (typeof value === "string" || (typeof value === "number" && Number.isFinite(value))) out[name] = { value, format };
  }
  return out;
}

/** The sentence of an event in `locale`; an unknown action is shown by its name. Missing values show "—". */
export function journalText(action: string, locale: JournalLocale, values: Record<string, string>): string {
  const spec = JOURNAL_ACTIONS[action];
  if (!spec) return action;
  return spec[locale].replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "—");
}
