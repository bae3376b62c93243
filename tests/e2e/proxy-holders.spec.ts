import { expect, test } from "@playwright/test";
import { asUser, createAssembly, MEMBER, SECRETARY, signIn, parisDay } from "./helpers";

// A member gives the proxy to their spouse, who is not a member (the AGO preset allows it, as
// L225-106 does); at the desk the secretary checks the spouse in, and the member counts as
// represented. @phone: the member's form on a phone.
test("a proxy to a spouse outside the members, checked in at the desk @phone", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const title = `Assemblée des conjoints (${info.project.name})`;
  await signIn(page, SECRETARY);
  await createAssembly(page, { title, when: `${parisDay(25)}T18:00` });
  const meetingUrl = page.url();
  await page.getByText("Ajouter un point à l’ordre du jour").click();
  await page.getByRole("link", { name: "Rédiger une nouvelle résolution pour cette assemblée" }).click();
  await page.getByLabel("Numéro").fill(`CJ-${info.project.name}`);
  await page.getByLabel("Titre").fill("Approbation des comptes");
  await page.getByLabel("Texte de la résolution").fill("L’assemblée approuve les comptes.");
  await page.getByLabel("Règle de vote").selectOption({ label: "AGO — majorité des suffrages exprimés" });
  await page.getByRole("button", { name: "Créer le projet" }).click();
  await page.goto(meetingUrl);
  await page.getByLabel("Mode d’envoi").selectOption("email");
  await page.getByRole("button", { name: "Envoyer la convocation" }).click();
  await expect(page.getByText(/Convocation envoyée \(\d+ courriels?\)\./)).toBeVisible();

  // The member: a relation the rule does not admit is not offered; an empty name is refused, naming the field.
  const member = await asUser(browser, MEMBER);
  await member.goto(meetingUrl);
  await member.getByText("Donner pouvoir à un autre membre").click();
  await expect(member.getByText("Les statuts permettent aussi de donner pouvoir à votre conjoint ou partenaire de PACS", { exact: false })).toBeVisible();
  await expect(member.getByLabel("Lien avec le mandant").locator("option")).toHaveText(["conjoint ou partenaire de PACS"]);
  await member.getByRole("button", { name: "Donner pouvoir à cette personne" }).click();
  await expect(member.getByRole("link", { name: /Nom et prénom du mandataire.*obligatoire/ })).toBeVisible();
  await member.getByLabel("Nom et prénom du mandataire").fill("Claire Lambert");
  await member.getByRole("button", { name: "Donner pouvoir à cette personne" }).click();
  await expect(member.getByText("Pouvoir donné à Claire Lambert.")).toBeVisible();
  await expect(member.getByText("Vous avez donné pouvoir à Claire Lambert.")).toBeVisible();
  await member.context().close();

  // The desk: the proxy waits for its holder; checked in, it represents the member.
  await page.goto(`${meetingUrl}/attendance`);
  const line = page.locator("li", { hasText: "→ Claire Lambert" });
  await expect(line.getByText("mandataire absent")).toBeVisible();
  await line.getByRole("button", { name: "Émarger Claire Lambert, mandataire extérieur" }).click();
  await expect(page.getByText("Claire Lambert est émargé·e", { exact: false })).toBeVisible();
  await expect(page.locator("li", { hasText: "→ Claire Lambert" }).getByText("valable")).toBeVisible();
});
