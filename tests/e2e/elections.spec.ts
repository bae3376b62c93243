import { expect, test, type Browser, type Page } from "@playwright/test";
import { ADMIN, asUser, confirmDialog, DEMO, MEMBER, parisDay, SECRETARY, signIn, TREASURER } from "./helpers";

// Elections of an organ's members and second rounds (issue 15). The projects share one database
// per server: every organ, rule, meeting and number carries a suffix of its own.

/** Demo accounts beyond helpers.ts's four (db/seed.ts): members who represent their college. */
const GAELLE = { email: "repair.cafe.chinon@val-de-loire.example", password: "demo-gaelle-2026" }; // Associations
const BRUNO = { email: "cooperative.bois.val.de.loire@val-de-loire.example", password: "demo-bruno-2026" }; // Entreprises
const CHANTAL = { email: "commune.de.chinon@val-de-loire.example", password: "demo-chantal-2026" }; // Collectivités
const AICHA = { email: "aicha.traore@val-de-loire.example", password: "demo-aicha-2026" }; // Salariés et usagers
const CAMILLE = { email: "camille.roux@val-de-loire.example", password: "demo-camille-2026" }; // Salariés et usagers

function suffix(): string {
  return Math.random().toString(36).slice(2, 7).toUpperCase();
}

function inDays(days: number): string {
  return `${parisDay(days)}T18:00`;
}

/** The admin creates an organ with its reserved seats and rule; returns its page's URL. */
async function createOrgan(page: Page, organ: { name: string; seats: string; reserved: Record<string, string>; termMonths: string; rule?: string }): Promise<string> {
  await page.goto(`${DEMO}/organs`);
  const form = page.getByRole("region", { name: "Créer un organe" });
  await form.getByLabel("Nom de l’organe").fill(organ.name);
  await form.getByLabel("Nature").selectOption({ label: "Conseil coopératif" });
  await form.getByLabel("Nombre de sièges").fill(organ.seats);
  for (const [college, seats] of Object.entries(organ.reserved)) await form.getByLabel(`Sièges réservés au collège ${college}`).fill(seats);
  await form.getByLabel("Durée du mandat (en mois)").fill(organ.termMonths);
  if (organ.rule) await form.getByLabel("Règle de vote de ses décisions").selectOption({ label: organ.rule });
  await form.getByRole("button", { name: "Créer l’organe" }).click();
  await expect(page.getByText(`Organe « ${organ.name} » créé.`)).toBeVisible();
  return page.url();
}

/** The secretary drafts an election of the organ (the form proposes its seats); returns the election's URL. */
async function draftElection(page: Page, organUrl: string, e: { number: string; rule: string; rounds: "Un seul tour" | "Deux tours si nécessaire"; deadlineInDays: number }): Promise<string> {
  const organId = organUrl.split("/").pop()!;
  await page.goto(`${DEMO}/resolutions`);
  await page.getByRole("link", { name: "Préparer une élection" }).click();
  await page.waitForURL(/\/elections\/new/);
  // Chosen from the organ's page link: the form proposes that organ's seats and reservations.
  await page.goto(`${DEMO}/elections/new?organ=${organId}`);
  await page.getByLabel("Numéro").fill(e.number);
  await page.getByLabel("Mode de scrutin").selectOption({ label: "Scrutin plurinominal majoritaire" });
  await page.getByLabel("Nombre de tours").selectOption({ label: e.rounds });
  await page.getByLabel("Règle de vote (pondération, base, seuil d’approbation)").selectOption({ label: e.rule });
  await page.getByLabel("Date limite des candidatures").fill(inDays(e.deadlineInDays));
  await page.getByRole("button", { name: "Créer l’élection" }).click();
  await expect(page.getByText("Élection créée.")).toBeVisible();
  const url = page.url();
  // A draft is the secretariat's own: the vote is scheduled after the deadline, for members to see it and run.
  const run = page.getByRole("region", { name: "Conduite du vote" });
  await run.getByLabel("Ouverture").fill(inDays(e.deadlineInDays + 1));
  await run.getByLabel("Clôture", { exact: true }).fill(inDays(e.deadlineInDays + 8));
  await run.getByRole("button", { name: "Programmer le vote" }).click();
  await expect(page.getByText("Vote programmé.")).toBeVisible();
  return url;
}

/** A member files their own candidacy on the election's page. */
async function fileCandidacy(page: Page, electionUrl: string) {
  await page.goto(electionUrl);
  await page.getByRole("button", { name: "Déposer ma candidature" }).click();
  await expect(page.getByText("Votre candidature est enregistrée.")).toBeVisible();
}

/** The secretary enters a member's candidacy from a search by name. */
async function enterCandidacy(page: Page, search: string, option: string) {
  const panel = page.getByRole("region", { name: /candidatures?$/ });
  await panel.getByLabel("Chercher un membre par son nom").fill(search);
  await panel.getByRole("button", { name: "Rechercher", exact: true }).click();
  await panel.getByLabel("Membre", { exact: true }).selectOption({ label: option });
  await panel.getByRole("button", { name: "Enregistrer la candidature" }).click();
  await expect(page.getByText(`Candidature de ${option.replace(/ \(.*\)$/, "")} enregistrée.`)).toBeVisible();
}

/** A secret election ballot: ticks the names, confirms, and sees it recorded. */
async function voteFor(browser: Browser, who: { email: string; password: string }, electionUrl: string, names: string[]) {
  const page = await asUser(browser, who);
  await page.goto(electionUrl);
  for (const name of names) await page.getByRole("checkbox", { name: new RegExp(`^${name}`) }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  await expect(page.locator("dialog[open]")).toContainText(`Votre bulletin : ${names[0]}`);
  await confirmDialog(page);
  await expect(page.getByText(/le code de suivi du bulletin/)).toBeVisible();
  await expect(page.getByText("Votre vote est enregistré.")).toBeVisible();
  await page.context().close();
}

/** An open ballot on a resolution, cast by a member in their own browser. */
async function vote(page: Page, url: string, choice: "Pour" | "Contre") {
  await page.goto(url);
  await page.getByRole("radio", { name: choice }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  await expect(page.getByText(/enregistré/).first()).toBeVisible();
}

test("an organ of 6 seats (2 for each of three colleges): 3 members file candidacies and the secretary enters 4; one secret round with college weights elects on the reserved seats; the elected sit in the organ, whose meeting has them as electorate and its own quorum", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const tag = suffix();
  const organName = `Conseil coopératif ${tag}`;
  const number = `EL-${tag}`;
  await signIn(page, ADMIN);

  // The organ decides under a rule with a quorum of half its members.
  const ruleName = `Conseil ${tag} — moitié des membres`;
  await page.goto(`${DEMO}/rules`);
  const preset = page.getByRole("region", { name: "Créer une règle à partir d’un modèle" });
  await preset.getByRole("radio", { name: /Association — assemblée extraordinaire/ }).check();
  await preset.getByLabel("Nom de la règle").fill(ruleName);
  await preset.getByRole("button", { name: "Créer la règle" }).click();
  await expect(page.getByText(`Règle « ${ruleName} » créée.`)).toBeVisible();
  const organUrl = await createOrgan(page, { name: organName, seats: "6", reserved: { Associations: "2", Entreprises: "2", "Salariés et usagers": "2" }, termMonths: "36", rule: ruleName });
  await expect(page.getByRole("heading", { level: 1, name: organName })).toBeVisible();
  await expect(page.getByText("Conseil coopératif — 0 siège occupé sur 6 — mandats de 36 mois")).toBeVisible();
  for (const college of ["Associations", "Entreprises", "Salariés et usagers"]) await expect(page.getByText(`${college} : 2 sièges réservés`)).toBeVisible();
  await page.goto(`${DEMO}/organs`);
  await expect(page.getByRole("table", { name: "Organes de l’entité" }).getByRole("row", { name: new RegExp(organName) })).toContainText("0 siège occupé sur 6");

  // The secretary convenes an AGO for tonight and puts the election on its agenda, under the AGO
  // rule (secret, colleges weighted 30/30/20/20).
  const julien = await asUser(browser, SECRETARY);
  await julien.goto(`${DEMO}/meetings`);
  await julien.getByLabel("Type").selectOption("ago");
  await julien.getByLabel("Intitulé").fill(`AGO ${tag} — élection du conseil`);
  await julien.getByLabel("Date et heure").fill(`${parisDay()}T23:00`);
  await julien.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await julien.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(julien.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  const meetingUrl = julien.url();
  await julien.getByText("Ajouter un point à l’ordre du jour").click();
  await julien.getByRole("link", { name: "Préparer une élection" }).click();
  await julien.waitForURL(/\/elections\/new\?meeting=/);
  // The organ chosen as its renewal link does: the form proposes its seats and reservations.
  await julien.goto(`${julien.url()}&organ=${organUrl.split("/").pop()}`);
  await expect(julien.getByLabel("Sièges à pourvoir")).toHaveValue("6");
  await expect(julien.getByLabel("Sièges réservés au collège Entreprises")).toHaveValue("2");
  await expect(julien.getByLabel("Sièges réservés au collège Collectivités")).toHaveValue("");
  await julien.getByLabel("Numéro").fill(number);
  await julien.getByLabel("Nombre de tours").selectOption({ label: "Un seul tour" });
  await julien.getByLabel("Règle de vote (pondération, base, seuil d’approbation)").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await julien.getByLabel("Date limite des candidatures").fill(`${parisDay(1)}T12:00`);
  await julien.getByRole("button", { name: "Créer l’élection" }).click();
  await expect(julien.getByText("Élection créée.")).toBeVisible();
  const electionLink = julien.getByRole("link", { name: `Résolution n° ${number} — Élection des membres de l’organe « ${organName} »` });
  const electionUrl = new URL((await electionLink.getAttribute("href"))!, julien.url()).href;
  await julien.getByLabel("Mode d’envoi").selectOption("email");
  await julien.getByRole("button", { name: "Envoyer la convocation" }).click();
  const sent = julien.getByText(/Convocation envoyée \(\d+ courriels?\)/);
  await julien.locator("dialog[open], .confirm-step").or(sent).first().waitFor();
  if (!(await sent.isVisible())) await confirmDialog(julien);
  await expect(sent).toBeVisible();
  await julien.goto(electionUrl);
  const setup = julien.getByRole("region", { name: `Élection au sein de l’organe « ${organName} »` });
  await expect(setup).toContainText("6 sièges à pourvoir");
  for (const college of ["Associations", "Entreprises", "Salariés et usagers"]) await expect(setup).toContainText(`${college} : 2 sièges réservés`);
  // One round: the relative majority elects (an absolute majority needs a second round to fall back on).
  await expect(setup).toContainText("Scrutin plurinominal majoritaire — élus à la majorité relative");

  // Three members file their own candidacy before the deadline; the secretary enters four more.
  for (const who of [GAELLE, BRUNO, MEMBER]) {
    const p = await asUser(browser, who);
    await fileCandidacy(p, electionUrl);
    await p.context().close();
  }
  await julien.goto(electionUrl);
  await enterCandidacy(julien, "Loire Vivante", "Loire Vivante (Associations)");
  await enterCandidacy(julien, "Girard", "Transports Girard (Entreprises)");
  await enterCandidacy(julien, "Nadia", "Nadia Benali (Salariés et usagers)");
  // A candidate of a college without reserved seats: all six are reserved.
  await enterCandidacy(julien, "Saumur", "Commune de Saumur (Collectivités)");
  const candidates = julien.getByRole("region", { name: "7 candidatures" });
  for (const name of ["Repair Café Chinon", "Coopérative Bois Val de Loire", "Sophie Lambert", "Loire Vivante", "Transports Girard", "Nadia Benali", "Commune de Saumur"]) await expect(candidates.getByRole("listitem").filter({ hasText: name })).toHaveCount(1);

  // The session opens once the quorum is checked in at the desk (one submit), then the vote.
  await julien.goto(`${meetingUrl}/attendance`);
  const figures = await julien.getByText(/Décisions ordinaires — quorum non atteint/).innerText();
  const required = Number(/0 \/ (\d+) requis/.exec(figures)![1]);
  // In session, a member votes once checked in: the voters first, then others up to the quorum.
  const voters = ["Repair Café Chinon", "Coopérative Bois Val de Loire", "Commune de Chinon", "Sophie Lambert", "Élodie Fontaine"];
  for (const name of voters) await julien.locator(".bulk-list li").filter({ has: julien.getByText(name, { exact: true }) }).getByRole("checkbox").check();
  const unticked = julien.locator(".bulk-list li").filter({ has: julien.locator("input[type=checkbox]:not(:checked)") });
  for (let n = voters.length; n < required; n++) await unticked.first().getByRole("checkbox").check();
  await julien.getByRole("button", { name: "Émarger les membres cochés" }).click();
  await expect(julien.getByText(`${Math.max(required, voters.length)} membres émargés.`)).toBeVisible();
  await expect(julien.getByText(/Décisions ordinaires — quorum atteint/)).toBeVisible();
  await julien.goto(meetingUrl);
  await julien.getByRole("button", { name: "Ouvrir la séance" }).click();
  await expect(julien.getByText("Séance ouverte.")).toBeVisible();
  await julien.getByRole("button", { name: "Ouvrir le vote" }).click();
  await expect(julien.getByText("Vote ouvert.")).toBeVisible();

  // One voter per college, each ticking six names: the weights decide, the reserved seats place.
  const common = ["Repair Café Chinon", "Loire Vivante", "Coopérative Bois Val de Loire", "Transports Girard"];
  await voteFor(browser, GAELLE, electionUrl, [...common, "Nadia Benali", "Commune de Saumur"]); // Associations, 30
  await voteFor(browser, BRUNO, electionUrl, [...common, "Sophie Lambert", "Nadia Benali"]); // Entreprises, 30
  await voteFor(browser, CHANTAL, electionUrl, [...common, "Sophie Lambert", "Commune de Saumur"]); // Collectivités, 20
  await voteFor(browser, MEMBER, electionUrl, [...common, "Sophie Lambert", "Commune de Saumur"]); // Salariés et usagers, 20
  // More than six names is refused in the browser before anything is encrypted.
  const elodie = await asUser(browser, TREASURER);
  await elodie.goto(electionUrl);
  for (const box of await elodie.getByRole("checkbox").all()) await box.check();
  await elodie.getByRole("button", { name: /^Voter/ }).click();
  await expect(elodie.getByRole("alert")).toHaveText("Vous avez coché 7 noms pour 6 sièges : cochez-en au plus 6.");
  await elodie.context().close();

  await julien.goto(meetingUrl);
  await julien.getByRole("button", { name: "Clore le vote" }).click();
  await confirmDialog(julien);
  await expect(julien.getByText(/Vote clos/).first()).toBeVisible();
  await julien.goto(electionUrl);
  const results = julien.getByRole("region", { name: "Résultat de l’élection" });
  await expect(results.getByRole("status")).toHaveText(/^6 élu·es\s: Repair Café Chinon, Coopérative Bois Val de Loire, Loire Vivante, Transports Girard, Sophie Lambert, Nadia Benali$/);
  const table = results.getByRole("table", { name: "Voix pondérées par candidat" });
  const row = (name: string) => table.getByRole("row").filter({ has: julien.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  for (const name of common) await expect(row(name)).toContainText(/100\s%1 sur 1Élu·e/);
  // Sophie: 30 + 20 + 20 = 70 of 100; Saumur: 30 + 20 + 20 = 70; Nadia: 30 + 30 = 60.
  await expect(row("Sophie Lambert")).toContainText(/70\s%7\/10 sur 1/);
  await expect(row("Commune de Saumur")).toContainText(/70\s%7\/10 sur 1/);
  await expect(row("Nadia Benali")).toContainText(/60\s%3\/5 sur 1/);
  await expect(row("Nadia Benali")).toContainText("Élu·e (siège réservé au collège)");
  await expect(row("Commune de Saumur")).toContainText("Non élu·e");
  await expect(results).toContainText(`Mandats ouverts dans l’organe « ${organName} »`);

  // The elected sit in the organ, with the resolution that elected them.
  const elected = ["Repair Café Chinon", "Loire Vivante", "Coopérative Bois Val de Loire", "Transports Girard", "Sophie Lambert", "Nadia Benali"];
  await page.goto(organUrl);
  await expect(page.getByText("Conseil coopératif — 6 sièges occupés sur 6 — mandats de 36 mois")).toBeVisible();
  const mandates = page.getByRole("table", { name: "Mandats" });
  await expect(mandates.getByRole("row")).toHaveCount(1 + elected.length);
  for (const name of elected) await expect(mandates.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name}`) }) })).toContainText(`Élu·e par la résolution n°${number}`);

  // A meeting of the organ: its six members are the electorate, its rule's quorum is half of them.
  await julien.goto(`${DEMO}/meetings`);
  await julien.getByLabel("Type").selectOption("board");
  await julien.getByLabel("Réunion de l’organe").selectOption({ label: organName });
  await julien.getByLabel("Intitulé").fill(`Réunion du ${organName}`);
  await julien.getByLabel("Date et heure").fill(inDays(14));
  await julien.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await julien.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(julien.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  await julien.goto(`${julien.url()}/attendance`);
  await expect(julien.getByText("6 membres attendus.")).toBeVisible();
  expect((await julien.locator(".bulk-list .bulk-name").allInnerTexts()).map((s) => s.trim()).sort()).toEqual([...elected].sort());
  await expect(julien.getByText(/Décisions ordinaires — quorum non atteint : 0 \/ 3 requis/)).toBeVisible();
});

test("a college split under a 60 % bloc rule calls for a second round; round 2 at simple majority decides; the minutes show both rounds", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const tag = suffix();
  const ruleName = `Vote bloqué 60 % ${tag}`;
  await signIn(page, ADMIN);

  // The rule: each college votes as a bloc if one side has more than 60 % of it, else a second round.
  await page.goto(`${DEMO}/rules`);
  const custom = page.getByRole("region", { name: "Créer une règle sur mesure" });
  await custom.getByLabel("Nom de la règle").fill(ruleName);
  await custom.getByLabel("Méthode de décompte").selectOption({ label: "Vote bloqué par collège" });
  await custom.getByLabel("Seuil pour qu’un collège vote en bloc").fill("60 %");
  await custom.getByLabel("Strictement plus que ce seuil").check();
  await custom.getByLabel("Si aucun côté n’atteint ce seuil").selectOption("second-round");
  await custom.getByLabel("Vote secret").uncheck();
  await custom.getByRole("button", { name: "Créer la règle" }).click();
  await expect(page.getByText(`Règle « ${ruleName} » créée.`)).toBeVisible();

  // A written consultation with one resolution under that rule.
  const julien = await asUser(browser, SECRETARY);
  await julien.goto(`${DEMO}/meetings`);
  await julien.getByLabel("Type").selectOption("written");
  await julien.getByLabel("Intitulé").fill(`Consultation écrite ${tag}`);
  await julien.getByLabel("Date et heure").fill(inDays(20));
  await julien.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(julien.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  const meetingUrl = julien.url();
  await julien.getByText("Ajouter un point à l’ordre du jour").click();
  await julien.getByRole("link", { name: "Rédiger une nouvelle résolution pour cette assemblée" }).click();
  await julien.getByLabel("Numéro").fill(`B-${tag}`);
  await julien.getByLabel("Titre").fill("Adhésion au réseau régional");
  await julien.getByLabel("Texte de la résolution").fill("La société **adhère** au réseau régional des coopératives.");
  await julien.getByLabel("Règle de vote").selectOption({ label: ruleName });
  await julien.getByRole("button", { name: "Créer le projet" }).click();
  await expect(julien.getByRole("link", { name: `Résolution n° B-${tag} — Adhésion au réseau régional` })).toBeVisible();
  await julien.getByLabel("Mode d’envoi").selectOption("email");
  await julien.getByRole("button", { name: "Envoyer la convocation" }).click();
  const sent = julien.getByText(/Convocation envoyée \(\d+ courriels?\)/);
  await julien.locator("dialog[open], .confirm-step").or(sent).first().waitFor();
  if (!(await sent.isVisible())) await confirmDialog(julien);
  await expect(sent).toBeVisible();

  const [bruno, elodie, aicha, sophie, camille] = (await Promise.all([BRUNO, TREASURER, AICHA, MEMBER, CAMILLE].map((who) => asUser(browser, who)))) as [Page, Page, Page, Page, Page];

  /** Opens the draft on the agenda, gathers the votes, closes it; returns the resolution's URL. */
  async function round(label: string): Promise<string> {
    await julien.goto(meetingUrl);
    const url = new URL((await julien.getByRole("link", { name: label }).getAttribute("href"))!, julien.url()).href;
    await julien.getByRole("button", { name: "Ouvrir le vote" }).click();
    await expect(julien.getByText("Vote ouvert.")).toBeVisible();
    // Associations for, Entreprises against (30 each); Salariés et usagers 3 for, 2 against: 60 %, not more.
    await vote(page, url, "Pour");
    await vote(bruno, url, "Contre");
    for (const who of [julien, elodie, aicha]) await vote(who, url, "Pour");
    for (const who of [sophie, camille]) await vote(who, url, "Contre");
    await julien.goto(meetingUrl);
    await julien.getByRole("button", { name: "Clore le vote" }).click();
    await confirmDialog(julien);
    await expect(julien.getByText(/Vote clos/).first()).toBeVisible();
    return url;
  }

  // Round 1: the Salariés et usagers college reaches 60 %, not more than 60 %: no bloc, a second round.
  const first = await round(`Résolution n° B-${tag} — Adhésion au réseau régional`);
  await julien.goto(first);
  await expect(julien.getByText("Salariés et usagers : aucun côté n’atteint le seuil")).toBeVisible();
  await expect(julien.getByText("Associations : vote en bloc pour")).toBeVisible();
  await expect(julien.getByText("Entreprises : vote en bloc contre")).toBeVisible();
  const rounds = julien.getByRole("region", { name: "Second tour" });
  await expect(rounds).toContainText("Aucun côté n’a atteint le seuil dans un collège : un second tour est nécessaire.");
  await rounds.getByRole("button", { name: "Préparer le second tour" }).click();
  await expect(julien.getByText("Second tour préparé : ouvrez le vote quand l’assemblée est prête.")).toBeVisible();
  await expect(julien.getByRole("heading", { level: 1 })).toHaveText(`Résolution n° B-${tag}-2 — Adhésion au réseau régional`);
  await expect(julien.getByRole("link", { name: `Second tour du vote n°B-${tag}, dont le premier tour n’a pas permis de décider.` })).toBeVisible();

  // Round 2, on the same agenda, with the same votes: at simple majority the college votes for.
  const second = await round(`Résolution n° B-${tag}-2 — Adhésion au réseau régional`);
  await julien.goto(second);
  await expect(julien.getByText("Salariés et usagers : vote en bloc pour")).toBeVisible();
  await expect(julien.locator(".outcome")).toContainText("Adoptée");
  await julien.goto(first);
  await expect(julien.getByRole("link", { name: `Second tour : résolution n°B-${tag}-2` })).toBeVisible();

  // The minutes show both rounds.
  await julien.goto(`${meetingUrl}/minutes`);
  const minutes = julien.locator("article.document");
  await expect(minutes.getByRole("heading", { name: `Résolution n° B-${tag} — Adhésion au réseau régional`, exact: true })).toBeVisible();
  await expect(minutes.getByRole("heading", { name: `Résolution n° B-${tag}-2 — Adhésion au réseau régional (second tour)` })).toBeVisible();
  await expect(minutes.getByText(`Second tour du vote n°B-${tag}, dont le premier tour n’a pas permis de décider.`)).toBeVisible();
  await expect(minutes.getByText("Cette résolution est ADOPTÉE", { exact: false })).toBeVisible();
});

test("a member files her candidacy on a phone @phone", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const tag = suffix();
  const admin = await asUser(browser, ADMIN);
  const organUrl = await createOrgan(admin, { name: `Comité de pilotage ${tag}`, seats: "3", reserved: {}, termMonths: "24" });
  const electionUrl = await draftElection(admin, organUrl, { number: `P-${tag}`, rule: "AGO — majorité des suffrages exprimés", rounds: "Deux tours si nécessaire", deadlineInDays: 3 });
  await admin.context().close();

  await signIn(page, MEMBER);
  await page.goto(electionUrl);
  await expect(page.getByText("Aucune candidature pour l’instant.")).toBeVisible();
  await page.getByLabel("Date de naissance (pour départager une égalité)").fill("1990-04-12");
  await page.getByRole("button", { name: "Déposer ma candidature" }).click();
  await expect(page.getByText("Votre candidature est enregistrée.")).toBeVisible();
  const candidates = page.getByRole("region", { name: "1 candidature" });
  await expect(candidates).toContainText("Sophie Lambert");
  // She may withdraw it until the vote opens; nothing on the page is wider than the phone.
  await expect(candidates.getByRole("button", { name: "Retirer la candidature de Sophie Lambert" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1)).toBe(true);
});

test("approval per candidate in a secret ballot: for, against or abstain on each name, encrypted in the browser, counted per candidate with college weights", async ({ page, browser }) => {
  test.setTimeout(150_000);
  const tag = suffix();
  const organName = `Comité de pilotage ${tag}`;
  const number = `AP-${tag}`;
  await signIn(page, ADMIN);
  const organUrl = await createOrgan(page, { name: organName, seats: "2", reserved: {}, termMonths: "24" });

  // The secretary prepares an approval election under the AGO rule (secret, weighted colleges) and opens it.
  const julien = await asUser(browser, SECRETARY);
  await julien.goto(`${DEMO}/elections/new?organ=${organUrl.split("/").pop()}`);
  await julien.getByLabel("Numéro").fill(number);
  await julien.getByLabel("Mode de scrutin").selectOption({ label: "Approbation de chaque candidature (pour, contre, abstention)" });
  await julien.getByLabel("Règle de vote (pondération, base, seuil d’approbation)").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await julien.getByLabel("Date limite des candidatures").fill(inDays(1));
  await julien.getByRole("button", { name: "Créer l’élection" }).click();
  await expect(julien.getByText("Élection créée.")).toBeVisible();
  const electionUrl = julien.url();
  await enterCandidacy(julien, "Loire Vivante", "Loire Vivante (Associations)");
  await enterCandidacy(julien, "Girard", "Transports Girard (Entreprises)");
  await enterCandidacy(julien, "Nadia", "Nadia Benali (Salariés et usagers)");
  await julien.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(julien.getByText("Vote ouvert.")).toBeVisible();

  // Two voters, each in their browser: the confirmation names the marks, the box gets only ciphertexts.
  const ballots: [typeof GAELLE, Record<string, "Pour" | "Contre">, string][] = [
    [GAELLE, { "Loire Vivante": "Pour", "Transports Girard": "Contre", "Nadia Benali": "Pour" }, "Pour : Loire Vivante, Nadia Benali / Contre : Transports Girard"],
    [BRUNO, { "Loire Vivante": "Pour", "Transports Girard": "Contre", "Nadia Benali": "Contre" }, "Pour : Loire Vivante / Contre : Transports Girard, Nadia Benali"],
  ];
  for (const [who, marks, confirmation] of ballots) {
    const p = await asUser(browser, who);
    await p.goto(electionUrl);
    for (const [name, mark] of Object.entries(marks)) await p.getByRole("group", { name: new RegExp(`^${name}`) }).getByRole("radio", { name: mark }).check();
    await p.getByRole("button", { name: /^Voter/ }).click();
    await expect(p.locator("dialog[open]")).toContainText(`Votre bulletin : ${confirmation}`);
    await confirmDialog(p);
    await expect(p.getByText(/le code de suivi du bulletin/)).toBeVisible();
    await p.context().close();
  }

  await julien.goto(electionUrl);
  await julien.getByRole("button", { name: "Clore le vote" }).click();
  await confirmDialog(julien);
  await expect(julien.getByText(/Vote clos/).first()).toBeVisible();
  const results = julien.getByRole("region", { name: "Résultat de l’élection" });
  // Loire Vivante: for in both colleges; Nadia Benali: 30 for, 30 against, not above one half.
  await expect(results.getByRole("status")).toHaveText(/^Élu·e\s: Loire Vivante — 1 siège reste à pourvoir$/);
  const table = results.getByRole("table", { name: "Voix pondérées par candidat" });
  const row = (name: string) => table.getByRole("row").filter({ has: julien.getByRole("rowheader", { name: new RegExp(`^${name}`) }) });
  await expect(row("Loire Vivante")).toContainText("Élu·e");
  for (const name of ["Transports Girard", "Nadia Benali"]) await expect(row(name)).toContainText("Sous le seuil d’approbation");
});
