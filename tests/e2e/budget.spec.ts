import { expect, test, type Page } from "@playwright/test";
import { ADMIN, asUser, DEMO, MEMBER, SECRETARY, signIn, TREASURER, confirmDialog, confirmIfAsked } from "./helpers";

/** An amount as Intl prints it in French, whatever the kind of space. */
const money = (text: string) => new RegExp(`^${text.replace(/ /g, "\\s")}$`);

async function vote(page: Page, resolutionUrl: string) {
  await page.goto(resolutionUrl);
  await page.getByRole("radio", { name: "Pour" }).check();
  await page.getByRole("button", { name: /^Voter/ }).click();
  await confirmIfAsked(page);
  await expect(page.getByText(/Gardez votre reçu/)).toBeVisible();
}

test("the treasurer drafts a budget, the members adopt it by vote; an expense is refused to its author, approved by two others and counted as spent", async ({ page, browser }) => {
  test.setTimeout(150_000);
  // The year as the app counts it, in Paris: the expense below is dated "today" there.
  const year = new Intl.DateTimeFormat("en", { timeZone: "Europe/Paris", year: "numeric" }).format(new Date());

  // The statutes have the steering committee adopt the budget, by a simple majority and no quorum.
  await signIn(page, ADMIN);
  await page.goto(`${DEMO}/rules`);
  const custom = page.locator("section", { has: page.getByRole("heading", { name: "Créer une règle sur mesure" }) });
  await custom.getByLabel("Nom de la règle").fill("Comité de pilotage — budget");
  await custom.getByRole("button", { name: "Créer la règle" }).click();
  await expect(page.getByText("Règle « Comité de pilotage — budget » créée.")).toBeVisible();
  await page.goto(`${DEMO}/settings`);
  await page.getByLabel("Règle de vote qui adopte les budgets").selectOption({ label: "Comité de pilotage — budget" });
  await page.getByRole("button", { name: "Enregistrer" }).click();
  await expect(page.getByText("Paramètres enregistrés.")).toBeVisible();

  // The treasurer drafts the year's budget with four lines.
  const treasurer = await asUser(browser, TREASURER);
  await treasurer.goto(DEMO);
  await treasurer.getByRole("navigation", { name: "Navigation de l’entité" }).getByRole("link", { name: "Budget" }).click();
  await expect(treasurer.getByRole("heading", { name: "Budget", level: 1 })).toBeVisible();
  await treasurer.getByLabel("Nom du budget").fill(`Budget ${year}`);
  await treasurer.getByLabel("Début de l’exercice").fill(`${year}-01-01`);
  await treasurer.getByLabel("Fin de l’exercice").fill(`${year}-12-31`);
  await treasurer.getByRole("button", { name: "Créer le budget" }).click();
  await expect(treasurer.getByText("Budget créé.", { exact: false })).toBeVisible();
  const budgetUrl = treasurer.url();
  for (const [kind, category, label, planned] of [
    ["Charge", "Personnel", "Coordination", "36 000"],
    ["Charge", "Fonctionnement", "Local et énergie", "12 000"],
    ["Produit", "Subventions", "Région Centre-Val de Loire", "25 000"],
    ["Produit", "Ventes", "Prestations", "26000,00"],
  ] as const) {
    await treasurer.getByLabel("Nature").selectOption({ label: kind });
    await treasurer.getByLabel("Catégorie").fill(category);
    await treasurer.getByLabel("Libellé").fill(label);
    await treasurer.getByLabel("Montant prévu (€)").fill(planned);
    await treasurer.getByRole("button", { name: "Ajouter la ligne" }).click();
    await expect(treasurer.getByText("Ligne ajoutée.")).toBeVisible();
    // The form is emptied once the line is added, ready for the next one.
    await expect(treasurer.getByLabel("Libellé")).toHaveValue("");
  }
  const stat = (p: Page, name: string) => p.locator(".stats > div", { has: p.getByText(name, { exact: true }) }).locator("dd");
  await expect(stat(treasurer, "Charges")).toHaveText(money("48 000,00 €"));
  await expect(stat(treasurer, "Produits")).toHaveText(money("51 000,00 €"));
  await expect(stat(treasurer, "Solde prévisionnel")).toHaveText(money("3 000,00 €"));
  await treasurer.getByRole("button", { name: "Proposer le budget au vote" }).click();
  await expect(treasurer.getByText(`Budget proposé : sa résolution B${year}-1 attend que le secrétariat ouvre le vote.`)).toBeVisible();
  await expect(treasurer.getByText("Soumis au vote", { exact: true })).toBeVisible();

  // The admin opens the vote from the budget; four members vote for it; the admin closes it.
  await page.goto(budgetUrl);
  await page.getByRole("link", { name: "voir la résolution" }).click();
  await expect(page.getByRole("heading", { name: new RegExp(`Adoption du budget « Budget ${year} »`) })).toBeVisible();
  const resolutionUrl = page.url();
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();
  await vote(page, resolutionUrl);
  await vote(treasurer, resolutionUrl);
  const sophie = await asUser(browser, MEMBER);
  await vote(sophie, resolutionUrl);
  const julien = await asUser(browser, SECRETARY);
  await vote(julien, resolutionUrl);
  await page.goto(resolutionUrl);
  await page.getByRole("button", { name: "Clore le vote et figer le résultat" }).click();
  await confirmDialog(page);
  await expect(page.getByText("Vote clos : la résolution est adoptée.")).toBeVisible();

  await treasurer.goto(budgetUrl);
  await expect(treasurer.getByText("Adopté", { exact: true })).toBeVisible();
  await expect(treasurer.getByRole("region", { name: "Votes sur ce budget" }).getByText("Adoptée")).toBeVisible();

  // The treasurer records an expense dated today, with its receipt.
  await treasurer.getByRole("link", { name: "Dépenses" }).click();
  await treasurer.getByLabel("Ligne du budget").selectOption({ label: "Local et énergie" });
  await treasurer.getByLabel("Bénéficiaire").fill("EDF");
  await treasurer.getByLabel("Montant (€)").fill("1 200,50");
  await treasurer.getByLabel("Description").fill("Électricité du local, premier trimestre");
  await treasurer.getByLabel("Justificatif").setInputFiles({ name: "facture-edf.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n% facture EDF\n") });
  await treasurer.getByRole("button", { name: "Enregistrer la dépense" }).click();
  await expect(treasurer.getByText("Dépense enregistrée ; elle attend ses approbations.")).toBeVisible();
  const expensesUrl = treasurer.url();

  // Her own approval is refused.
  await treasurer.getByRole("button", { name: /^Approuver la dépense EDF/ }).click();
  await expect(treasurer.getByText("On n’approuve pas une dépense qu’on a soi-même saisie.")).toBeVisible();

  // The admin and the secretary approve it.
  await page.goto(expensesUrl);
  await page.getByRole("button", { name: /^Approuver la dépense EDF/ }).click();
  await expect(page.getByText("Approbation enregistrée ; il en faut encore.")).toBeVisible();
  await julien.goto(expensesUrl);
  await julien.getByRole("button", { name: /^Approuver la dépense EDF/ }).click();
  await expect(julien.getByText("Dépense approuvée.")).toBeVisible();
  const row = julien.getByRole("row", { name: /EDF/ });
  await expect(row.getByText("Approuvée", { exact: true })).toBeVisible();
  await expect(row.getByText("approuvée par Claire Moreau")).toBeVisible();
  await expect(row.getByText("approuvée par Julien Mercier")).toBeVisible();

  // It shows in "spent", on the budget and on its line.
  await sophie.goto(budgetUrl);
  await expect(stat(sophie, "Dépensé")).toHaveText(money("1 200,50 €"));
  const line = sophie.getByRole("row", { name: /Local et énergie/ });
  await expect(line.getByRole("cell").nth(3)).toHaveText(money("1 200,50 €"));
  await expect(line.getByRole("cell").nth(4)).toHaveText(money("10 799,50 €"));
});
