import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, asUser, draftResolution, inviteAndJoin, MEMBER, SECRETARY, signIn, TREASURER, confirmDialog } from "./helpers";

const PASSPHRASE = "phrase de passe du garant 2026";

/** A trustee creates their key in the browser, keeps the encrypted key file, publishes the public part. */
async function createKey(page: Page, trusteeUrl: string): Promise<string> {
  await page.goto(trusteeUrl);
  await page.getByLabel("Phrase de passe", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Phrase de passe, encore").fill(PASSPHRASE);
  await page.getByRole("button", { name: "Créer ma clé" }).click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Télécharger mon fichier de clé/ }).click()]);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  await page.getByRole("button", { name: "Publier ma clé publique" }).click();
  await expect(page.getByText(/Votre clé publique est publiée/).first()).toBeVisible();
  return file;
}

/** Votes on a secret resolution and returns the tracker shown once. */
async function vote(page: Page, url: string, choice: "Pour" | "Contre" | "Abstention", form?: string) {
  await page.goto(url);
  const scope = form ? page.locator("form", { has: page.getByRole("group", { name: form }) }) : page.locator("form.secret-ballot").first();
  await scope.getByRole("radio", { name: choice }).check();
  await scope.getByRole("button", { name: /^Voter/ }).click();
  await confirmDialog(page);
  const text = await page.getByText(/le code de suivi du bulletin/).innerText();
  return /([0-9a-f]{64})/.exec(text)![1]!;
}

function verify(file: string) {
  return spawnSync("node_modules/.bin/tsx", ["db/verify.ts", file], { encoding: "utf8" });
}

test("a secret vote in trustee mode: two trustees create their keys in the browser, three colleges vote (one by proxy, one without JavaScript), the trustees decrypt, and anyone verifies the box", async ({ page, browser }) => {
  test.setTimeout(240_000);
  await signIn(page, ADMIN);

  // The admin drafts a secret resolution and names herself and the secretary as trustees.
  await draftResolution(page, { number: "S-1", title: "Rapport moral 2026", body: "L’assemblée **approuve** le rapport moral.", rule: "AGO — majorité des suffrages exprimés" });
  const resolutionUrl = page.url();
  const trusteeUrl = `${resolutionUrl}/trustee`;
  await page.getByRole("link", { name: "Garants du vote secret" }).click();
  await page.getByRole("checkbox", { name: /Claire Moreau/ }).check();
  await page.getByRole("checkbox", { name: /Julien Mercier/ }).check();
  await page.getByRole("button", { name: "Désigner ces garants" }).click();
  await expect(page.getByText("Garants désignés.", { exact: false })).toBeVisible();

  // The vote cannot open before every trustee has published a key.
  await page.goto(resolutionUrl);
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText(/il manque les clés de/)).toBeVisible();

  const julien = await asUser(browser, SECRETARY);
  const claireKey = await createKey(page, trusteeUrl);
  const julienKey = await createKey(julien, trusteeUrl);
  await page.goto(resolutionUrl);
  await page.getByRole("button", { name: "Ouvrir le vote maintenant" }).click();
  await expect(page.getByText("Vote ouvert.")).toBeVisible();

  // Associations: Claire, in her browser. Entreprises: a member who joins now, without JavaScript.
  const trackers: string[] = [];
  trackers.push(await vote(page, resolutionUrl, "Pour"));
  await expect(page.getByText("Votre navigateur a chiffré votre bulletin", { exact: false })).toBeVisible();
  const scierie = await inviteAndJoin(page, browser, { name: "Scierie Lefèvre", search: "scierie", email: "scierie.lefevre@val-de-loire.example", password: "mot de passe de la scierie" }, { javaScriptEnabled: false });
  trackers.push(await vote(scierie, resolutionUrl, "Contre"));
  await expect(scierie.getByText("Sans JavaScript, le serveur a chiffré votre choix", { exact: false })).toBeVisible();

  // Salariés et usagers: Sophie gives her proxy to Julien, who votes for himself and for her; Élodie votes.
  const sophie = await asUser(browser, MEMBER);
  await sophie.goto(resolutionUrl);
  await sophie.getByText("Donner pouvoir à un autre membre").click();
  await sophie.getByLabel("Rechercher le mandataire").fill("Julien");
  await sophie.getByRole("button", { name: "Rechercher", exact: true }).click();
  await sophie.getByRole("button", { name: "Donner pouvoir à Julien Mercier" }).click();
  await expect(sophie.getByText("Pouvoir donné à Julien Mercier.")).toBeVisible();
  trackers.push(await vote(julien, resolutionUrl, "Pour", "Votre choix"));
  trackers.push(await vote(julien, resolutionUrl, "Abstention", "Au nom de Sophie Lambert"));
  const elodie = await asUser(browser, TREASURER);
  trackers.push(await vote(elodie, resolutionUrl, "Pour"));

  // Each voter finds their tracker in the box, which names no member.
  const [boxDownload] = await Promise.all([elodie.waitForEvent("download"), elodie.getByRole("link", { name: "Télécharger l’urne (JSON)" }).click()]);
  const openBox = JSON.parse(readFileSync((await boxDownload.path())!, "utf8")) as { ballots: { tracker: string }[]; result: unknown };
  expect(openBox.ballots.map((b) => b.tracker).sort()).toEqual([...trackers].sort());
  expect(openBox.result).toBeNull();
  // The trustees are named in the parameters; no ballot names or dates its voter.
  expect(JSON.stringify(openBox.ballots)).not.toMatch(/Lambert|Mercier|Moreau|Fontaine|Scierie|2026-/);
  await scierie.goto(resolutionUrl);
  await scierie.getByLabel("Code de suivi").fill(trackers[1]!);
  await scierie.getByRole("button", { name: "Chercher dans l’urne" }).click();
  await expect(scierie.getByText(/Ce bulletin est dans l’urne \(n°/)).toBeVisible();

  // The close waits for the trustees, who decrypt the per-college sums in their browsers.
  await page.goto(resolutionUrl);
  await page.getByRole("button", { name: "Clore le vote et figer le résultat" }).click();
  await confirmDialog(page);
  await expect(page.getByText("le dépouillement attend les parts de déchiffrement des garants", { exact: false }).first()).toBeVisible();
  for (const [who, keyFile] of [[page, claireKey], [julien, julienKey]] as const) {
    await who.goto(trusteeUrl);
    await who.getByLabel("Mon fichier de clé").setInputFiles(keyFile);
    await who.getByLabel("Phrase de passe", { exact: true }).fill(PASSPHRASE);
    await who.getByRole("button", { name: "Déchiffrer et envoyer mes parts" }).click();
    await expect(who.getByText(/Vos parts (de déchiffrement )?sont acceptées/).first()).toBeVisible();
  }

  // The result: the per-college table.
  await page.goto(resolutionUrl);
  await expect(page.getByText(/la résolution est (adoptée|rejetée)|Adoptée|Rejetée/).first()).toBeVisible();
  const table = page.getByRole("table", { name: "Résultats par collège" });
  for (const college of ["Associations", "Entreprises", "Salariés et usagers"]) await expect(table.getByRole("row", { name: new RegExp(`^${college}`) })).toBeVisible();

  // Anyone verifies the downloaded box offline; an altered ciphertext or a removed ballot fails.
  const [finalDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Télécharger l’urne (JSON)" }).click()]);
  const boxFile = test.info().outputPath("urne.json");
  await finalDownload.saveAs(boxFile);
  const ok = verify(boxFile);
  expect(ok.status, ok.stdout + ok.stderr).toBe(0);
  const box = JSON.parse(readFileSync(boxFile, "utf8"));
  expect(box.ballots).toHaveLength(5);
  const altered = structuredClone(box);
  const beta: string = altered.ballots[2].ballot.choices[0].beta;
  altered.ballots[2].ballot.choices[0].beta = altered.ballots[3].ballot.choices[0].beta === beta ? altered.ballots[4].ballot.choices[0].beta : altered.ballots[3].ballot.choices[0].beta;
  writeFileSync(test.info().outputPath("alteree.json"), JSON.stringify(altered));
  const bad = verify(test.info().outputPath("alteree.json"));
  expect(bad.status).toBe(1);
  const removed = structuredClone(box);
  removed.ballots.splice(1, 1);
  writeFileSync(test.info().outputPath("amputee.json"), JSON.stringify(removed));
  const gone = verify(test.info().outputPath("amputee.json"));
  expect(gone.status).toBe(1);
});
