import { execFileSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { ADMIN, asUser, draftResolution, inviteAndJoin, MEMBER, SECRETARY, signIn, confirmDialog } from "./helpers";

test("a resolution under the SCIC SA AGO preset: three colleges vote, one by proxy; closing shows the result, and the tally file recomputes it", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);

  // The admin drafts the resolution and opens it.
  await draftResolution(page, { number: "E2E-1", title: "Approbation des comptes 2026", body: "L’assemblée **approuve** les comptes de l’exercice 2026.", rule: "AGO — majorité des suffrages exprimés" });
  await expect(page.getByText("à la majorité des suffrages exprimés, collèges pondérés à la proportionnelle")).toBeVisible();
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
  const resolutionUrl = page.url();

  // A member of the Entreprises college gets an account through an invitation.
  const baker = await inviteAndJoin(page, browser, { name: "Boulangerie Martin SARL", search: "boulangerie", email: "boulangerie.martin.sarl@val-de-loire.example", password: "mot de passe de la boulangerie" });
  await baker.goto(resolutionUrl);
  await baker.getByRole("radio", { name: "Pour" }).check();
  await baker.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(baker);
  // A secret vote: a tracker (the hash of the encrypted ballot) instead of a receipt.
  await expect(baker.getByText(/le code de suivi du bulletin\s*:\s*[0-9a-f]{64}/)).toBeVisible();
  await expect(baker.getByText("Votre vote secret est enregistré.")).toBeVisible();

  // Sophie (Salariés et usagers) gives her proxy to Julien.
  const sophie = await asUser(browser, MEMBER);
  await sophie.goto(resolutionUrl);
  await sophie.getByText("Donner pouvoir à un autre membre").click();
  await sophie.getByLabel("Rechercher le mandataire").fill("Julien");
  await sophie.getByRole("button", { name: "Rechercher", exact: true }).click();
  await sophie.getByRole("button", { name: "Donner pouvoir à Julien Mercier" }).click();
  await expect(sophie.getByText("Pouvoir donné à Julien Mercier.")).toBeVisible();

  // Julien votes for himself and, separately, for Sophie.
  const julien = await asUser(browser, SECRETARY);
  await julien.goto(resolutionUrl);
  await expect(julien.getByRole("heading", { name: "Le pouvoir que vous détenez" })).toBeVisible();
  const own = julien.locator("form", { has: julien.getByRole("group", { name: "Votre choix" }) });
  await own.getByRole("radio", { name: "Contre" }).check();
  await own.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(julien);
  await expect(julien.getByText("Vote de Julien Mercier enregistré.", { exact: false })).toBeVisible();
  const forSophie = julien.locator("form", { has: julien.getByRole("group", { name: "Au nom de Sophie Lambert" }) });
  await forSophie.getByRole("radio", { name: "Pour" }).check();
  await forSophie.getByRole("button", { name: "Voter (Sophie Lambert)" }).click();
  await confirmDialog(julien);
  await expect(julien.getByText("Vote de Sophie Lambert enregistré.", { exact: false })).toBeVisible();

  // The admin votes for the association she represents, then closes the vote.
  await page.goto(resolutionUrl);
  await expect(page.getByText("Les résultats seront publiés à la clôture du vote.")).toBeVisible();
  await page.getByRole("radio", { name: "Pour" }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(page);
  await expect(page.getByText(/Gardez votre reçu/)).toBeVisible();
  await page.getByRole("button", { name: "Clore le vote et figer le résultat" }).click();
  await confirmDialog(page);
  await expect(page.getByText(/Vote clos : la résolution est (adoptée|rejetée)\./)).toBeVisible();

  const table = page.getByRole("table", { name: "Résultats par collège" });
  await expect(table.getByRole("row", { name: /^Associations/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /^Entreprises/ })).toBeVisible();
  await expect(table.getByRole("row", { name: /^Salariés et usagers/ })).toBeVisible();
  await expect(page.getByRole("img", { name: "Répartition des voix par collège : pour, contre, abstention" })).toBeVisible();
  const outcome = (await page.locator(".outcome").innerText()).trim();
  // The exact fractions sit in the closed "Détails du calcul": open it to read them.
  await page.getByText("Détails du calcul", { exact: true }).click();
  const exact = (await page.getByText(/^Valeurs exactes/).innerText()).trim();

  // The downloaded tally file gives the same result with the command-line tool.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Fichier de dépouillement (JSON)" }).click()]);
  const file = await download.path();
  const cli = JSON.parse(execFileSync("node_modules/.bin/tsx", ["db/tally.ts", file!], { encoding: "utf8" })) as Record<string, unknown>;
  expect(outcome.startsWith(cli.adopted ? "Adoptée" : "Rejetée")).toBe(true);
  expect(exact).toBe(`Valeurs exactes : pour ${cli.for}, contre ${cli.against}, base ${cli.base}, part ${cli.share ?? "—"}.`);
  expect((cli.colleges as { id: string }[]).length).toBe(4);
});
