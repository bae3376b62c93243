import { expect, test, type Page } from "@playwright/test";
import { ADMIN, draftResolution, MEMBER, signIn } from "./helpers";

const CLOSE = "Clore le vote et figer le résultat";

async function openVote(page: Page, number: string) {
  await draftResolution(page, { number, title: `Confirmation ${number}`, body: "L’assemblée **approuve**.", rule: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
}

test("closing a vote asks first, in a dialog with JavaScript: cancel leaves it open, confirm closes it", async ({ page }) => {
  await signIn(page, ADMIN);
  await openVote(page, "CONF-1");
  await page.getByRole("button", { name: CLOSE }).click();
  const dialog = page.getByRole("dialog", { name: "Clore le vote ?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByText("Le résultat sera figé et ne pourra plus changer.")).toBeVisible();
  await dialog.getByRole("button", { name: "Annuler" }).click();
  await expect(dialog).toBeHidden();
  await page.reload();
  await expect(page.getByText("Vote ouvert", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: CLOSE }).click();
  await page.getByRole("dialog", { name: "Clore le vote ?" }).getByRole("button", { name: CLOSE }).click();
  await expect(page.getByText(/Vote clos : la résolution est (adoptée|rejetée)/)).toBeVisible();
});

test("closing a vote asks first without JavaScript: a page step, nothing done until it is confirmed", async ({ browser }) => {
  const page = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false })).newPage();
  await signIn(page, ADMIN);
  await openVote(page, "CONF-2");
  const url = page.url();
  await page.getByRole("button", { name: CLOSE }).click();
  const step = page.locator(".confirm-step");
  await expect(step.getByText("Clore le vote ?")).toBeVisible();
  await expect(step.getByText("Le résultat sera figé et ne pourra plus changer.")).toBeVisible();
  await step.getByRole("link", { name: "Annuler" }).click();
  await expect(page.locator(".confirm-step")).toHaveCount(0);
  await expect(page.getByRole("button", { name: CLOSE })).toBeVisible();
  expect(page.url()).toBe(url);
  await page.getByRole("button", { name: CLOSE }).click();
  await page.locator(".confirm-step").getByRole("button", { name: CLOSE }).click();
  await expect(page.getByText(/Vote clos : la résolution est (adoptée|rejetée)/)).toBeVisible();
});

test("a secret ballot is confirmed before it is cast: a dialog before encrypting, a page step without JavaScript", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await openVote(page, "CONF-3");
  const url = page.url();
  await page.getByRole("radio", { name: "Contre" }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  const dialog = page.getByRole("dialog", { name: "Déposer ce bulletin secret ?" });
  await expect(dialog.getByText("Votre choix « Contre » sera chiffré et déposé dans l’urne", { exact: false })).toBeVisible();
  await dialog.getByRole("button", { name: /^Voter/ }).click();
  await expect(page.getByText("Votre vote secret est enregistré.")).toBeVisible();

  const sophie = await (await browser.newContext({ locale: "fr-FR", javaScriptEnabled: false })).newPage();
  await signIn(sophie, MEMBER);
  await sophie.goto(url);
  await sophie.getByRole("radio", { name: "Pour" }).check();
  await sophie.getByRole("button", { name: /^Voter/ }).click();
  const step = sophie.locator(".confirm-step");
  await expect(step.getByText("Votre choix « Pour » sera chiffré et déposé dans l’urne", { exact: false })).toBeVisible();
  await expect(sophie.getByText("Votre vote secret est enregistré.")).toHaveCount(0);
  await step.getByRole("button", { name: /^Voter/ }).click();
  await expect(sophie.getByText("Votre vote secret est enregistré.")).toBeVisible();
});
