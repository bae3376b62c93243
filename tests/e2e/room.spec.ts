import { expect, test, type Browser, type Page } from "@playwright/test";
import { asUser, DEMO, MEMBER, parisDay, SECRETARY, signIn } from "./helpers";

function todayAt(hour: number): string {
  return `${parisDay()}T${String(hour).padStart(2, "0")}:00`;
}

/** The secretary creates an AGO for today and opens its session; returns the meeting's URL. */
async function openTodaysMeeting(page: Page, title: string): Promise<string> {
  await page.goto(`${DEMO}/meetings`);
  await page.getByLabel("Type").selectOption("ago");
  await page.getByLabel("Intitulé").fill(title);
  await page.getByLabel("Date et heure").fill(todayAt(23));
  await page.getByLabel("Lieu", { exact: true }).fill("Salle du Manège, Tours");
  await page.getByRole("button", { name: "Créer l’assemblée" }).click();
  await expect(page.getByText("Assemblée créée.", { exact: false })).toBeVisible();
  const url = page.url();
  // A resolution on the agenda, so that the meeting has a quorum.
  await page.getByText("Ajouter un point à l’ordre du jour").click();
  await page.getByRole("link", { name: "Rédiger une nouvelle résolution pour cette assemblée" }).click();
  await page.getByLabel("Numéro").fill(`S-${Date.now() % 100000}`);
  await page.getByLabel("Titre").fill("Approbation des comptes");
  await page.getByLabel("Texte de la résolution").fill("L’assemblée **approuve** les comptes.");
  await page.getByLabel("Règle de vote").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Créer le projet" }).click();
  await expect(page.getByRole("link", { name: /Approbation des comptes/ })).toBeVisible();
  await page.goto(url);
  await page.getByRole("button", { name: "Ouvrir la séance" }).click();
  await expect(page.getByText("Séance ouverte.")).toBeVisible();
  return url;
}

/** The room's screen on a display of that size, signed in as the secretary. */
async function roomScreen(browser: Browser, meetingUrl: string, width: number, height: number): Promise<Page> {
  const screen = await (await browser.newContext({ locale: "fr-FR", viewport: { width, height } })).newPage();
  await signIn(screen, SECRETARY);
  await screen.goto(`${meetingUrl}/projector`);
  return screen;
}

test("the secretary checks in 10 members in one submit; the room screen fits 1280×720 and 1920×1080 and follows the room", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, SECRETARY);
  const meetingUrl = await openTodaysMeeting(page, "AGO émargement groupé");

  await page.goto(`${meetingUrl}/attendance`);
  // Other journeys may have added members to the demo register: the count is whatever it is.
  await expect(page.getByText(/^\d+ membres attendus\.$/)).toBeVisible();
  const boxes = page.locator(".bulk-list input[type=checkbox]");
  const expected = await boxes.count();
  expect(expected).toBeGreaterThanOrEqual(40);
  // Ten members, Sophie Lambert left for her own check-in; three of them remote.
  const ticked: string[] = [];
  for (let i = 0; ticked.length < 10; i++) {
    const row = page.locator(".bulk-list li").nth(i);
    const name = (await row.locator(".bulk-name").innerText()).trim();
    if (name === "Sophie Lambert") continue;
    await row.getByRole("checkbox").check();
    if (ticked.length < 3) await row.getByRole("combobox").selectOption("remote");
    ticked.push(name);
  }
  let posts = 0;
  page.on("request", (r) => {
    if (r.method() === "POST") posts++;
  });
  await page.getByRole("button", { name: "Émarger les membres cochés" }).click();
  await expect(page.getByText("10 membres émargés.")).toBeVisible();
  expect(posts).toBe(1);
  for (const name of ticked) await expect(page.locator(".holder-list li").filter({ hasText: name }).getByRole("button", { name: /^Retirer la présence/ })).toBeVisible();
  await expect(page.locator(".bulk-list input[type=checkbox]")).toHaveCount(expected - 10);
  await expect(page.locator(".holder-list").getByText(/À distance ·/)).toHaveCount(3);

  // The vote opens: the screen's fullest state (participation per college, quorum, code).
  await page.goto(meetingUrl);
  await page.getByRole("button", { name: "Ouvrir le vote" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();

  // The room screen, on both usual display sizes: no scrolling, quorum and code shown.
  for (const [width, height] of [[1280, 720], [1920, 1080]] as const) {
    const screen = await roomScreen(browser, meetingUrl, width, height);
    await expect(screen.getByText(/^10 membres comptés sur \d+/)).toBeVisible();
    await expect(screen.getByText(/^0 votant sur \d+ inscrits$/)).toBeVisible();
    await expect(screen.getByText(/Décisions ordinaires\u00a0: 10 sur \d+ requis/)).toBeVisible();
    await expect(screen.locator(".room-code-value")).toHaveText(/^[A-Z2-9]{6}$/);
    await expect(screen.locator(".room-qr svg")).toBeVisible();
    await expect(screen.getByRole("link", { name: "Actualiser" })).toBeVisible();
    const fits = await screen.evaluate(() => ({ scroll: document.documentElement.scrollHeight, inner: window.innerHeight, wide: document.documentElement.scrollWidth <= window.innerWidth }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.inner);
    expect(fits.wide).toBe(true);
    await screen.screenshot({ path: `test-results/room-${width}x${height}.png` });
    expect(await screen.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    await screen.context().close();
  }

  // The screen follows check-ins without a reload (its script polls every 3 s).
  const screen = await roomScreen(browser, meetingUrl, 1280, 720);
  await expect(screen.getByText(/^10 membres comptés sur \d+/)).toBeVisible();
  await page.goto(`${meetingUrl}/attendance`);
  await page.getByLabel("Rechercher un membre").fill("Sophie Lambert");
  await page.getByRole("button", { name: "Rechercher", exact: true }).click();
  await page.getByRole("button", { name: "Marquer Sophie Lambert présent" }).click();
  await expect(page.getByRole("button", { name: "Retirer la présence de Sophie Lambert" })).toBeVisible();
  await expect(screen.getByText(/^11 membres comptés sur \d+/)).toBeVisible({ timeout: 10_000 });
});

test("a member checks in from the room with the code on its screen @phone", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const secretary = await asUser(browser, SECRETARY);
  const meetingUrl = await openTodaysMeeting(secretary, `AGO code de salle ${test.info().project.name}`);
  const screen = await roomScreen(browser, meetingUrl, 1280, 720);
  const code = (await screen.locator(".room-code-value").innerText()).trim();
  expect(code).toMatch(/^[A-Z2-9]{6}$/);

  await signIn(page, MEMBER);
  await page.goto(meetingUrl);
  await expect(page.getByRole("heading", { name: "Je suis dans la salle" })).toBeVisible();
  // A wrong code first: refused on its field.
  await page.getByLabel("Code affiché dans la salle").fill(code === "AAAAAA" ? "BBBBBB" : "AAAAAA");
  await page.getByRole("button", { name: "Signer la feuille de présence" }).click();
  await expect(page.getByText("Ce code ne correspond pas", { exact: false }).first()).toBeVisible();
  // Then the right one, typed in small letters.
  await page.getByLabel("Code affiché dans la salle").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Signer la feuille de présence" }).click();
  await expect(page.getByText("Votre présence est enregistrée.")).toBeVisible();
  await expect(page.getByText("Vous êtes émargé·e présent·e.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Je suis dans la salle" })).toHaveCount(0);
  // The screen counts her (the polling itself is checked above; its link reloads it here).
  await screen.getByRole("link", { name: "Actualiser" }).click();
  await expect(screen.getByText(/^1 membre compté sur \d+/)).toBeVisible();
});
