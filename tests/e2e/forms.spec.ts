import { expect, test } from "@playwright/test";
import { DEMO, signIn, TREASURER } from "./helpers";

test("with JavaScript a budget line form is emptied once the line is added, so a second click adds nothing twice", async ({ page }) => {
  await signIn(page, TREASURER);
  await page.goto(`${DEMO}/budgets`);
  await page.getByLabel("Nom du budget").fill("Budget 2031");
  await page.getByLabel("Début de l’exercice").fill("2031-01-01");
  await page.getByLabel("Fin de l’exercice").fill("2031-12-31");
  await page.getByRole("button", { name: "Créer le budget" }).click();
  await expect(page.getByText("Budget créé.", { exact: false })).toBeVisible();
  // Required fields are marked.
  await expect(page.getByLabel("Libellé")).toHaveAttribute("aria-required", "true");
  await page.getByLabel("Catégorie").fill("Personnel");
  await page.getByLabel("Libellé").fill("Coordination");
  await page.getByLabel("Montant prévu (€)").fill("36 000");
  await page.getByRole("button", { name: "Ajouter la ligne" }).click();
  await expect(page.getByText("Ligne ajoutée.")).toBeVisible();
  await expect(page.getByLabel("Catégorie")).toHaveValue("");
  await expect(page.getByLabel("Libellé")).toHaveValue("");
  await expect(page.getByLabel("Montant prévu (€)")).toHaveValue("");
  // An error keeps what was typed.
  await page.getByLabel("Libellé").fill("Sans montant");
  await page.getByRole("button", { name: "Ajouter la ligne" }).click();
  await expect(page.locator(".field-error").first()).toBeVisible();
  await expect(page.getByLabel("Libellé")).toHaveValue("Sans montant");
});
