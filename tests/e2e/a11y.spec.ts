import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { ADMIN, asUser, confirmDialog, DEMO, draftResolution, MEMBER, signIn, parisDay } from "./helpers";

// Runs first (file-name order) on the fresh demo database, so it makes the data it visits itself.
// Every page of the main journeys, as the admin and as a member, in French, on a desktop and on a
// phone: no serious or critical axe violation (WCAG 2.1 A and AA), no duplicate id, the page's own
// title; on the phone the page's heading is in the first screen and nothing widens the page.

function inDays(days: number): string {
  return `${parisDay(days)}T18:00`;
}

type Problem = { page: string; what: string };

async function audit(page: Page, path: string, testInfo: TestInfo, problems: Problem[]) {
  await page.goto(path);
  await page.locator("h1").first().waitFor();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  for (const v of results.violations.filter((v) => v.impact === "serious" || v.impact === "critical")) {
    problems.push({ page: path, what: `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}` });
  }
  const duplicates = await page.evaluate(() => {
    const seen = new Map<string, number>();
    for (const el of document.querySelectorAll("[id]")) seen.set(el.id, (seen.get(el.id) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  });
  if (duplicates.length > 0) problems.push({ page: path, what: `duplicate ids: ${duplicates.join(", ")}` });
  const title = await page.title();
  if (!/ · Cogere$/.test(title) || title.startsWith("Alliance du Val de Loire")) problems.push({ page: path, what: `title without the page's name: ${title}` });
  if (testInfo.project.name === "phone") {
    const viewport = page.viewportSize()!;
    const heading = await page.locator("h1").first().boundingBox();
    if (!heading || heading.y + heading.height > viewport.height) problems.push({ page: path, what: `h1 below the first screen (${heading?.y})` });
    const wide = await page.evaluate(() => {
      const limit = document.documentElement.clientWidth + 1;
      if (document.documentElement.scrollWidth <= limit) return null;
      // The outermost elements that stick out, to say what widens the page.
      const clipped = (el: Element) => {
        for (let a = el.parentElement; a; a = a.parentElement) if (a !== document.body && getComputedStyle(a).overflowX !== "visible") return true;
        return false;
      };
      const out = [...document.querySelectorAll("body *")].filter((el) => el.getBoundingClientRect().right > limit && !(el.parentElement && el.parentElement.getBoundingClientRect().right > limit) && !clipped(el));
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        if (range.getBoundingClientRect().right > limit && node.parentElement && !clipped(node.parentElement)) out.push(node.parentElement);
      }
      return `${document.documentElement.scrollWidth} px: ${out.slice(0, 3).map((el) => `${el.parentElement?.tagName.toLowerCase()}.${[...(el.parentElement?.classList ?? [])].join(".")} > ${el.tagName.toLowerCase()}.${[...el.classList].join(".")} «${el.textContent?.slice(0, 40)}»`).join(", ")}`;
    });
    if (wide) problems.push({ page: path, what: `page wider than the screen (${viewport.width} px), ${wide}` });
  }
}

test("every page of the main journeys passes axe, desktop and phone, admin and member @phone", async ({ page, browser }, testInfo) => {
  test.setTimeout(300_000);
  const phone = testInfo.project.name === "phone";
  const tag = phone ? "T" : "D"; // the two projects share one database: distinct numbers and names
  await signIn(page, ADMIN);

  // Resolutions: a draft, an open vote and a closed one.
  await draftResolution(page, { number: `A11Y-${tag}1`, title: "Projet à relire", body: "L’assemblée **approuve** le projet.", rule: "AGO — majorité des suffrages exprimés" });
  const draft = new URL(page.url()).pathname;
  await draftResolution(page, { number: `A11Y-${tag}2`, title: "Vote en cours", body: "L’assemblée **approuve** le rapport.", rule: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
  const open = new URL(page.url()).pathname;
  await draftResolution(page, { number: `A11Y-${tag}3`, title: "Vote clos", body: "L’assemblée **approuve** les comptes.", rule: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
  const closed = new URL(page.url()).pathname;
  await page.getByRole("radio", { name: "Pour" }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(page); // a secret ballot asks before it is encrypted
  await expect(page.getByText(/Gardez votre reçu/)).toBeVisible();
  await page.getByRole("button", { name: "Clore le vote et figer le résultat" }).click();
  await confirmDialog(page);
  await expect(page.getByText(/Vote clos : la résolution est (adoptée|rejetée)\./)).toBeVisible();

  // A meeting.
  await page.goto(`${DEMO}/meetings`);
  await page.getByLabel("Type").selectOption("ago");
  await page.getByLabel("Intitulé").fill(`Assemblée d’essai ${tag}`);
  await page.getByLabel("Date et heure").fill(inDays(30));
  await page.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await page.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(page.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  const meeting = new URL(page.url()).pathname;
  // Convened, so that members see it.
  await page.getByLabel("Mode d’envoi").selectOption("email");
  await page.getByRole("button", { name: "Envoyer la convocation" }).click();
  const sent = page.getByText(/Convocation envoyée \(\d+ courriels?\)/);
  await page.locator("dialog[open], .confirm-step").or(sent).first().waitFor();
  if (!(await sent.isVisible())) await confirmDialog(page);
  await expect(sent).toBeVisible();

  // A budget, far in the future so that no other journey's year collides.
  const year = phone ? 2041 : 2040;
  await page.goto(`${DEMO}/budgets`);
  await page.getByLabel("Nom du budget").fill(`Budget d’essai ${tag}`);
  await page.getByLabel("Début de l’exercice").fill(`${year}-01-01`);
  await page.getByLabel("Fin de l’exercice").fill(`${year}-12-31`);
  await page.getByRole("button", { name: "Créer le budget" }).click();
  await expect(page.getByText("Budget créé.", { exact: false })).toBeVisible();
  const budget = new URL(page.url()).pathname;

  // A governing body and an election calling for candidacies (members see it).
  await page.goto(`${DEMO}/organs`);
  await page.getByLabel("Nom de l’organe").fill(`Conseil d’essai ${tag}`);
  await page.getByLabel("Nombre de sièges").fill("5");
  await page.getByRole("button", { name: "Créer l’organe" }).click();
  await expect(page.getByText(/Organe «\u00a0Conseil d’essai/)).toBeVisible();
  const organ = new URL(page.url()).pathname;
  await page.goto(`${DEMO}/elections/new?organ=${organ.split("/").pop()}`);
  const newElection = new URL(page.url()).pathname + new URL(page.url()).search;
  await page.getByLabel("Numéro").fill(`A11Y-${tag}E`);
  await page.getByLabel("Date limite des candidatures").fill(inDays(20));
  await page.getByRole("button", { name: "Créer l’élection" }).click();
  await expect(page.getByText("Élection créée.")).toBeVisible();
  const election = new URL(page.url()).pathname;

  // Detail pages reached from their lists.
  await page.goto(`${DEMO}/members`);
  const member = await page.locator(`main a[href^="${DEMO}/members/"]`).filter({ hasNotText: /Ajouter|Importer|Exporter/ }).first().getAttribute("href");
  await page.goto(`${DEMO}/colleges`);
  const college = await page.locator(`main a[href^="${DEMO}/colleges/"]`).first().getAttribute("href");
  await page.goto(`${DEMO}/rules`);
  const rule = await page.locator(`main a[href^="${DEMO}/rules/"]`).first().getAttribute("href");

  const adminPages = [
    DEMO,
    `${DEMO}/members`,
    member!,
    `${DEMO}/colleges`,
    college!,
    `${DEMO}/rules`,
    rule!,
    `${DEMO}/organs`,
    organ,
    newElection,
    election,
    `${DEMO}/resolutions`,
    draft,
    open,
    closed,
    `${DEMO}/meetings`,
    meeting,
    `${meeting}/attendance`,
    `${meeting}/minutes`,
    `${DEMO}/budgets`,
    budget,
    `${budget}/expenses`,
    `${budget}/contributions`,
    `${DEMO}/settings`,
    `${DEMO}/access`,
    `${DEMO}/outbox`,
    `${DEMO}/journal`,
    "/account",
  ];
  const problems: Problem[] = [];
  for (const path of adminPages) await audit(page, path, testInfo, problems);

  const memberPage = await asUser(browser, MEMBER);
  if (phone) await memberPage.setViewportSize(page.viewportSize()!);
  const memberPages = [DEMO, `${DEMO}/me`, `${DEMO}/members`, `${DEMO}/organs`, organ, `${DEMO}/resolutions`, election, open, closed, `${DEMO}/meetings`, meeting, `${DEMO}/budgets`, budget, `${DEMO}/journal`, "/account"];
  for (const path of memberPages) await audit(memberPage, path, testInfo, problems);

  expect(problems).toEqual([]);
});
