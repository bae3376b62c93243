// Takes the README's screenshots (docs/screenshots/*.png) from a running server with the demo
// freshly seeded: the dashboard, a vote, the results and the room screen, on a phone and a desktop.
// Not a test (the file name has no .spec): run it by hand after a UI change.
//
//   npm run build && rm -f /tmp/shots.db* && DATABASE_PATH=/tmp/shots.db npx tsx db/cli.ts setup
//   PORT=3114 DATABASE_PATH=/tmp/shots.db NODE_ENV=production npx tsx server.ts &
//   BASE_URL=http://localhost:3114 npx tsx tests/e2e/screenshots.ts
import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "@playwright/test";
import { de } from "~/lib/locale";
import { CHROMIUM_ARGS, findChromium } from "./chromium";
import { ADMIN, DEMO, MEMBER, SECRETARY, TREASURER } from "./helpers";

// The demo's accounts (printed by `db/cli.ts setup`): enough voters to reach the AGO quorum (10 of 40).
const VOTERS = [
  ADMIN,
  SECRETARY,
  MEMBER,
  TREASURER,
  { email: "repair.cafe.chinon@val-de-loire.example", password: "demo-gaelle-2026" },
  { email: "cooperative.bois.val.de.loire@val-de-loire.example", password: "demo-bruno-2026" },
  { email: "commune.de.chinon@val-de-loire.example", password: "demo-chantal-2026" },
  { email: "aicha.traore@val-de-loire.example", password: "demo-aicha-2026" },
  { email: "camille.roux@val-de-loire.example", password: "demo-camille-2026" },
  { email: "yann.le.goff@val-de-loire.example", password: "demo-yann-2026" },
];
const ROOM = ["Julien Mercier", "Sophie Lambert", "Élodie Fontaine", "Aïcha Traoré", "Camille Roux", "Yann Le Goff", "Pierre Rousseau", "Nadia Benali", "Marc Dubois", "Lucie Chevalier", "Thomas Girard", "Inès Garnier"];

const BASE = process.env.BASE_URL ?? "http://localhost:3114";
const OUT = "docs/screenshots";
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;
type Size = keyof typeof SIZES;

async function open(browser: Browser, size: Size, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, locale: "fr-FR", viewport: SIZES[size], deviceScaleFactor: 1, isMobile: size === "phone", hasTouch: size === "phone" });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Adresse e-mail").fill(who.email);
  await page.getByLabel("Mot de passe").fill(who.password);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

async function confirm(page: Page) {
  await page.locator("dialog[open], .confirm-step").getByRole("button").first().click();
}

async function draft(page: Page, number: string, title: string, body: string) {
  await page.goto(`${DEMO}/resolutions/new`);
  await page.getByLabel("Numéro").fill(number);
  await page.getByLabel("Titre").fill(title);
  await page.getByLabel("Texte de la résolution").fill(body);
  await page.getByLabel("Règle de vote").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Créer le projet" }).click();
  await page.getByText("Projet de résolution créé.").waitFor();
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await page.getByText("Vote ouvert.").waitFor();
  return new URL(page.url()).pathname;
}

async function vote(page: Page, path: string, choice: "Pour" | "Contre" | "Abstention") {
  await page.goto(path);
  await page.getByRole("radio", { name: choice }).first().check();
  await page.getByRole("button", { name: /^Voter/ }).first().click();
  await confirm(page);
  await page.getByText(/Gardez votre reçu/).waitFor();
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  const admin = await open(browser, "desktop", ADMIN);

  // A vote to take part in, and one closed with a few ballots.
  const openVote = await draft(admin, "2", "Programme d’activité 2027", "L’assemblée **approuve** le programme d’activité 2027 présenté par le conseil.");
  const closedVote = await draft(admin, "1", "Approbation des comptes 2026", "L’assemblée **approuve** les comptes de l’exercice 2026 tels qu’ils lui sont présentés.");
  const voters: Page[] = [];
  for (const who of VOTERS) voters.push(who === ADMIN ? admin : await open(browser, "desktop", who));
  for (const [i, page] of voters.entries()) await vote(page, closedVote, i % 4 === 3 ? "Contre" : "Pour");
  await admin.goto(closedVote);
  await admin.getByRole("button", { name: "Clore le vote et figer le résultat" }).click();
  await confirm(admin);
  await admin.getByText(/Vote clos/).first().waitFor();

  // A meeting, convened, for the room screen.
  await admin.goto(`${DEMO}/meetings`);
  await admin.getByLabel("Intitulé").fill("Assemblée générale ordinaire 2027");
  const d = new Date(Date.now() + 30 * 86400_000);
  await admin.getByLabel("Date et heure").fill(`${d.toISOString().slice(0, 10)}T18:00`);
  await admin.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await admin.getByRole("button", { name: "Créer l’assemblée" }).click();
  await admin.getByText("Assemblée créée.", { exact: false }).waitFor();
  const meeting = new URL(admin.url()).pathname;
  try {
    // On the agenda, a resolution; members checked in; the session and the vote open; a few vote.
    await admin.getByText("Ajouter un point à l’ordre du jour").click();
    await admin.getByRole("link", { name: "Rédiger une nouvelle résolution pour cette assemblée" }).click();
    await admin.getByLabel("Numéro").fill("3");
    await admin.getByLabel("Titre").fill("Affectation du résultat 2026");
    await admin.getByLabel("Texte de la résolution").fill("L’assemblée **affecte** le résultat aux réserves impartageables.");
    await admin.getByRole("button", { name: "Créer le projet" }).click();
    await admin.goto(`${meeting}/attendance`);
    for (const name of ROOM) {
      await admin.getByLabel("Rechercher un membre").fill(name);
      await admin.getByRole("button", { name: "Rechercher", exact: true }).click();
      await admin.getByRole("button", { name: `Marquer ${name} présent` }).click();
      await admin.getByRole("button", { name: `Retirer la présence ${de(name)}` }).waitFor();
    }
    await admin.goto(meeting);
    await admin.getByRole("button", { name: "Ouvrir la séance" }).click();
    await admin.getByRole("button", { name: /Ouvrir la séance aujourd/ }).click();
    await admin.getByText("Séance ouverte.").waitFor();
    await admin.getByRole("button", { name: "Ouvrir le vote" }).click();
    const opened = admin.getByText("Vote ouvert.");
    await admin.locator("dialog[open], .confirm-step").or(opened).first().waitFor();
    if (!(await opened.isVisible())) await confirm(admin);
    await opened.waitFor();
    const inRoom = new URL((await admin.getByRole("link", { name: /Résolution n° 3/ }).first().getAttribute("href"))!, admin.url()).pathname;
    for (const i of [1, 2, 3, 7, 8]) await vote(voters[i]!, inRoom, i === 3 ? "Contre" : "Pour");
  } catch (e) {
    console.warn("The room screen shows the meeting without a vote:", e);
    await admin.screenshot({ path: "/tmp/screenshots-failure.png", fullPage: true });
  }

  for (const size of Object.keys(SIZES) as Size[]) {
    const member = await open(browser, size, MEMBER);
    await member.goto(DEMO);
    await member.screenshot({ path: `${OUT}/dashboard-${size}.png` });
    await member.goto(openVote);
    await member.getByRole("radio", { name: "Pour" }).first().check();
    await member.locator("form", { has: member.getByRole("radio", { name: "Pour" }) }).first().scrollIntoViewIfNeeded();
    await member.screenshot({ path: `${OUT}/vote-${size}.png` });
    await member.goto(closedVote);
    await member.locator(".results, .outcome").first().scrollIntoViewIfNeeded();
    await member.screenshot({ path: `${OUT}/results-${size}.png` });
    const room = await open(browser, size, SECRETARY);
    // The room's screen is a projector's: a phone shows it held sideways.
    if (size === "phone") await room.setViewportSize({ width: SIZES.phone.height, height: SIZES.phone.width });
    await room.goto(`${meeting}/projector`);
    await room.screenshot({ path: `${OUT}/room-${size}.png` });
  }
  await browser.close();
}

await main();
