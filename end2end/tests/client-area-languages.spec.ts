import { arrive, createStaff, createUser, dbRows, editUser, expect, hydrated, signIn, test, visit } from "./support/roster";

const password = "quiet harbour lanterns 42";

test("the client area speaks the browser's language before sign-in and the user's after", async ({ page: staff, browser }) => {
  const email = `lena.novak.${Date.now()}@example.org`;
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Lena", last: "Novak", email, password }, async (d) => {
    await d.getByLabel("Language").selectOption("de");
  });
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  await editUser(staff, "Lena Novak", (d) => d.getByLabel("Email Verified").check());

  // A French browser: the sign-in page and its errors are in French.
  const user = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await user.goto("/login");
  await hydrated(user);
  await expect(user.locator("html")).toHaveAttribute("lang", "fr");
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Connectez-vous à votre compte");
  await expect(user).toHaveTitle("Connexion · Roster");
  await user.getByLabel("E-mail").fill(email);
  await user.getByLabel("Mot de passe").fill("not her password at all");
  await user.getByRole("button", { name: "Se connecter", exact: true }).click();
  await expect(user.getByRole("alert")).toHaveText(
    "Échec de la connexion : l’e-mail, le mot de passe ou le code est incorrect.",
  );

  // Signed in, the account page is in her language (German), from its first render on.
  await user.getByLabel("Mot de passe").fill(password);
  await user.getByRole("button", { name: "Se connecter", exact: true }).click();
  await arrive(user, "/account");
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Hallo, Lena Novak");
  await expect(user.locator("html")).toHaveAttribute("lang", "de");
  const cookies = await user.context().cookies();
  expect(cookies.find((c) => c.name === "roster_lang")?.value).toBe("de");
  await expect(user.getByRole("heading", { name: "Meine Kunden" })).toBeVisible();
  await expect(user.getByText("Sie sind noch keinem Kunden zugeordnet.")).toBeVisible();

  // Server messages are translated too: a wrong current password, a short new one.
  await user.getByLabel("Aktuelles Passwort").fill("wrong wrong wrong");
  await user.getByLabel("Neues Passwort").fill("another long passphrase");
  await user.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(user.getByRole("alert")).toHaveText("Das ist nicht Ihr aktuelles Passwort.");
  await user.getByLabel("Aktuelles Passwort").fill(password);
  await user.getByLabel("Neues Passwort").fill("short");
  await user.getByRole("button", { name: "Passwort ändern" }).click();
  await expect(user.getByRole("alert")).toHaveText("Verwenden Sie mindestens 12 Zeichen.");

  // She picks Polish: the page switches at once, the choice is stored and survives a reload.
  await user.getByLabel("Sprache").selectOption("pl");
  await user.getByRole("button", { name: "Profil speichern" }).click();
  await expect(user.getByRole("button", { name: "Zapisz profil" })).toBeVisible();
  await expect(user.getByRole("status").filter({ hasText: "Zapisano." })).toBeVisible();
  expect(dbRows(`SELECT language FROM users WHERE email = '${email}'`)[0].language).toBe("pl");
  await visit(user, "/account");
  await expect(user.getByRole("heading", { level: 1 })).toHaveText("Witaj, Lena Novak");
  await expect(user.getByTestId("two-factor-status")).toHaveText("Uwierzytelnianie dwuskładnikowe jest wyłączone.");

  // Ukrainian, then the enrolment page in it (checked for accessibility by `arrive`).
  await user.getByLabel("Język").selectOption("uk");
  await user.getByRole("button", { name: "Zapisz profil" }).click();
  await expect(user.getByRole("heading", { name: "Профіль" })).toBeVisible();
  await user.getByRole("link", { name: "Налаштувати двофакторну автентифікацію" }).click();
  await arrive(user, "/account/2fa");
  await expect(user.getByRole("img", { name: "QR-код для додавання Roster до застосунку автентифікації" })).toBeVisible();
  await expect(user.getByLabel("Код автентифікації")).toBeVisible();
});
