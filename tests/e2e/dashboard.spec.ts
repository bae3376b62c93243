import { expect, test, type Page } from "@playwright/test";
import { ADMIN, asUser, DEMO, draftResolution, MEMBER, signIn } from "./helpers";

/** Casts the ballot of the form shown, confirming it when the page asks (a secret ballot is asked twice). */
async function vote(page: Page, choice: string) {
  await page.getByRole("radio", { name: choice }).first().check();
  await page.getByRole("button", { name: /^Voter/ }).first().click();
  const dialog = page.locator("dialog[open]");
  if (await dialog.waitFor({ timeout: 3_000 }).then(() => true, () => false)) await dialog.getByRole("button").first().click();
}

test("a member sees the open vote on the dashboard, follows its link and votes @phone", async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const number = `TDB-${testInfo.project.name}`;
  const title = `Rapport d’activité (${testInfo.project.name})`;

  // The admin opens a vote.
  await signIn(page, ADMIN);
  await draftResolution(page, { number, title, body: "L’assemblée approuve le rapport d’activité.", rule: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();

  // Those who run the vote follow its participation and quorum from the dashboard (1/5 of the 40 members).
  await page.goto(DEMO);
  const followUp = page.getByRole("region", { name: "Suivi des votes et des assemblées" });
  await expect(followUp.getByRole("listitem").filter({ hasText: title }).getByText(/Quorum\s*:\s*0 \/ \d+ requis/)).toBeVisible();

  // The member's dashboard lists it, to vote, with a direct link.
  const member = await asUser(browser, MEMBER);
  if (testInfo.project.name === "phone") await member.setViewportSize({ width: 390, height: 844 });
  await member.goto(DEMO);
  await expect(member.getByRole("heading", { name: "Tableau de bord" })).toBeVisible();
  const votes = member.getByRole("region", { name: "Vos votes" });
  const item = votes.getByRole("listitem").filter({ hasText: title });
  await expect(item.getByText("À voter")).toBeVisible();
  await item.getByRole("link", { name: new RegExp(title.replace(/[()]/g, "\\$&")) }).click();
  await expect(member.getByRole("heading", { name: new RegExp(title.replace(/[()]/g, "\\$&")) })).toBeVisible();
  await expect(member.getByText(/Quorum\s*:\s*\d+ \/ \d+ requis/)).toBeVisible();

  await vote(member, "Pour");
  await expect(member.getByText("Votre vote secret est enregistré.")).toBeVisible();

  // Back on the dashboard, the vote is done.
  await member.goto(DEMO);
  await expect(member.getByRole("region", { name: "Vos votes" }).getByRole("listitem").filter({ hasText: title }).getByText("Vous avez voté")).toBeVisible();
});
