import type { Browser, Page } from "@playwright/test";

export const ADMIN = { email: "admin@val-de-loire.example", password: "demo-admin-2026" };
export const SECRETARY = { email: "secretaire@val-de-loire.example", password: "demo-secretaire-2026" };
export const MEMBER = { email: "membre@val-de-loire.example", password: "demo-membre-2026" };
export const TREASURER = { email: "tresorier@val-de-loire.example", password: "demo-tresorier-2026" };
/** Created by playwright.config.ts's web server command with `npm run user:create-admin`. */
export const PLATFORM_ADMIN = { email: "plateforme@e2e.example", password: "e2e-platform-admin" };
export const DEMO = "/o/alliance-val-de-loire";

/**
 * The date `days` from now in Paris, as the app reckons days (YYYY-MM-DD): the machine's own date
 * is a day off between midnight in Paris and midnight where it runs (a meeting "today" at 23:00
 * was then yesterday's, and its opening asked for a confirmation).
 */
export function parisDay(days = 0): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + days * 86400_000));
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(who.email);
  await page.getByLabel("Mot de passe").fill(who.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

/** Another person's browser, signed in. */
export async function asUser(browser: Browser, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, who);
  return page;
}

/**
 * The admin (on `admin`) invites a demo member without an account; the member opens the link
 * shown in the outbox (no SMTP in the tests: showing it is a journaled action), sets a password
 * and lands on their membership page, in a browser of their own (JavaScript on unless said).
 */
export async function inviteAndJoin(admin: Page, browser: Browser, member: { name: string; search: string; email: string; password: string }, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  await admin.goto(`${DEMO}/members?q=${encodeURIComponent(member.search)}`);
  await admin.getByRole("link", { name: member.name }).click();
  await admin.getByRole("button", { name: "Inviter à créer son compte" }).click();
  await admin.getByText("Invitation envoyée.").waitFor();
  await admin.goto(`${DEMO}/outbox`);
  const mail = admin.locator("li", { hasText: member.email }).filter({ hasText: "Invitation à rejoindre" }).first();
  await mail.locator("summary").click();
  await mail.getByRole("button", { name: /Afficher le lien/ }).click();
  const link = await mail.getByRole("link", { name: /\/invitation\// }).getAttribute("href");
  const page = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: options.javaScriptEnabled ?? true })).newPage();
  await page.goto(link!);
  await page.getByLabel("Nouveau mot de passe").fill(member.password);
  await page.getByRole("button", { name: "Valider" }).click();
  await page.getByRole("heading", { name: "Mon adhésion" }).waitFor();
  return page;
}

/** Drafts a resolution from its page (`/resolutions/new`); the page is then the draft's. */
export async function draftResolution(page: Page, r: { number: string; title: string; body: string; rule: string }) {
  await page.goto(`${DEMO}/resolutions/new`);
  await page.getByLabel("Numéro").fill(r.number);
  await page.getByLabel("Titre").fill(r.title);
  await page.getByLabel("Texte de la résolution").fill(r.body);
  await page.getByLabel("Règle de vote").selectOption({ label: r.rule });
  await page.getByRole("button", { name: "Créer le projet" }).click();
  await page.getByText("Projet de résolution créé.").waitFor();
}

/** Confirms an irreversible action: the dialog it opens with JavaScript, or the page step without; its first button does it. */
export async function confirmDialog(page: Page) {
  await page.locator("dialog[open], .confirm-step").getByRole("button").first().click();
}

/** After "Voter": a secret ballot asks for a confirmation before it is encrypted, an open one does not. */
export async function confirmIfAsked(page: Page) {
  const dialog = page.locator("dialog[open]");
  if ((await dialog.count()) > 0) await dialog.getByRole("button").first().click();
}

/** The secretary creates a general assembly from the meetings page (`when`: "YYYY-MM-DDTHH:MM"); the page is then the meeting's. */
export async function createAssembly(page: Page, meeting: { title: string; when: string; kind?: string }) {
  await page.goto(`${DEMO}/meetings`);
  await page.getByLabel("Type").selectOption(meeting.kind ?? "ago");
  await page.getByLabel("Intitulé").fill(meeting.title);
  await page.getByLabel("Date et heure").fill(meeting.when);
  await page.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await page.getByRole("button", { name: "Créer l’assemblée" }).click();
  await page.getByText("Assemblée créée.", { exact: false }).waitFor();
}
