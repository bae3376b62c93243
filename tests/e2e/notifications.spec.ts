import { expect, test, type Page } from "@playwright/test";
import { ADMIN, asUser, confirmIfAsked, DEMO, draftResolution, MEMBER, signIn } from "./helpers";

/** A date-time field's value, in Paris time as the app shows it, `hours` from now. */
function inHours(hours: number): string {
  const parts = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hour12: false }).format(new Date(Date.now() + hours * 3600_000));
  return parts.replace(" ", "T");
}

/** The outbox messages about a resolution, as the admin reads them. */
async function messages(admin: Page, subject: RegExp) {
  await admin.goto(`${DEMO}/outbox`);
  return admin.locator("li").filter({ hasText: subject });
}

test("a member follows the vote-opened e-mail to vote; the closing-soon reminder goes only to those who have not voted", async ({ page, browser }) => {
  test.setTimeout(240_000);
  const title = "Charte des bénévoles";
  await signIn(page, ADMIN);
  await draftResolution(page, { number: "N-1", title, body: "L’assemblée **adopte** la charte des bénévoles.", rule: "AGO — majorité des suffrages exprimés" });
  // It closes in 24 hours and 1 to 2 minutes (the field counts minutes): the reminder falls due a
  // minute or two after the opening, once Sophie has voted, whenever the scheduler's 30 s turn comes.
  // (Due at once, a turn between the opening and her vote sent her one too: a flaky test.)
  await page.locator("form", { has: page.getByRole("button", { name: "Ouvrir le vote maintenant" }) }).getByLabel(/Clôture/).fill(inHours(24 + 2 / 60));
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();

  // The e-mail to Sophie (kept in the outbox without SMTP) links to the vote.
  const opened = (await messages(page, new RegExp(`Vote ouvert\\s:\\s${title}`))).filter({ hasText: MEMBER.email }).first();
  await opened.locator("summary").click();
  const link = await opened.getByRole("link", { name: /\/resolutions\// }).getAttribute("href");
  expect(link).toMatch(/^http:\/\/localhost:\d+\/o\/alliance-val-de-loire\/resolutions\/[a-z0-9]+$/);

  const sophie = await asUser(browser, MEMBER);
  await sophie.goto(link!);
  await sophie.getByRole("radio", { name: "Pour" }).check();
  await sophie.getByRole("button", { name: /^Voter/ }).click();
  await confirmIfAsked(sophie);
  await expect(sophie.getByText(/Gardez votre reçu/)).toBeVisible();

  // The scheduler (every 30 s) sends the reminders: to members who have not voted, never to Sophie.
  const reminder = new RegExp(`Plus que 24 heures pour voter\\s:\\s${title}`);
  await expect(async () => {
    expect(await (await messages(page, reminder)).count()).toBeGreaterThan(0);
  }).toPass({ timeout: 180_000, intervals: [5_000] });
  const reminders = await messages(page, reminder);
  await expect(reminders.filter({ hasText: ADMIN.email })).toHaveCount(1);
  await expect(reminders.filter({ hasText: MEMBER.email })).toHaveCount(0);
});
