import { join } from "node:path";
import { arrive, createStaff, dbRows, expect, expectAccessible, hydrated, signIn, test, userSignIn } from "./support/roster";

const screens = join(__dirname, "../test-results/screens");
/** bcrypt of the password below, as WHMCS (PHP) stores it; made by Python's bcrypt. */
const WHMCS_HASH = "$2y$04$nRfZaC7dohwmAiC1yxanh.rlIko3w.huy8KErY4tLMKwJWv9kNbF.";
const PASSWORD = "a long passphrase for tests";

test("import a WHMCS export: good rows imported, each bad row refused with its reason, a bcrypt user signs in", async ({ page, browser }) => {
  const admin = createStaff({ enrolled: true });
  const tag = Date.now();
  const ann = `ann.${tag}@example.com`;
  const csv = [
    "ID,First Name,Last Name,Email Address,Phone Number,Country,Status,Password,Email Verified",
    `1,Ann,Lee,${ann},512 345 678,PL,Active,${WHMCS_HASH},2024-01-01 10:00:00`,
    `2,Bob,Stone,bob.${tag}@example.com,,,,,`,
    `3,Cy,Plain,cy.${tag}@example.com,,,Active,hunter2,`,
    `4,Di,Bad,not-an-email,,,,,`,
    `5,Ann,Again,${ann.toUpperCase()},,,,,`,
  ].join("\n");
  await signIn(page, admin);
  await page.goto("/admin/users");
  await hydrated(page);
  await page.getByRole("link", { name: "Import" }).click();
  await arrive(page, "/admin/users/import");
  await page.getByLabel("CSV file").setInputFiles({ name: "whmcs-clients.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByRole("button", { name: "Upload" }).click();
  await page.waitForURL(/\/admin\/users\/import\/[0-9a-f-]{36}$/);
  await hydrated(page);

  // The mapping is guessed from WHMCS's header; ID is not imported.
  await expect(page.getByLabel("Email Address")).toHaveValue("email");
  await expect(page.getByLabel("Password", { exact: true })).toHaveValue("password_hash");
  await expect(page.getByLabel("ID", { exact: true })).toHaveValue("");
  await page.getByRole("button", { name: "Check 5 rows" }).click();

  const found = page.getByRole("region", { name: "What the check found" });
  await expect(found.locator(".import-counts")).toHaveText("2 to create · 0 to update (same email) · 3 refused", { timeout: 20_000 });
  const refused = found.getByRole("region", { name: "Refused rows" }).locator("tbody tr");
  await expect(refused).toHaveCount(3);
  await expect(refused.nth(0)).toContainText("4");
  await expect(refused.nth(0)).toContainText("Plain-text passwords are refused");
  await expect(refused.nth(1)).toContainText("not-an-email");
  await expect(refused.nth(1)).toContainText("Email:");
  await expect(refused.nth(2)).toContainText("Same email as line 2");
  expect(dbRows(`SELECT count(*) AS n FROM users WHERE email_norm = '${ann}'`)[0].n).toBe(0);
  await expectAccessible(page);
  await page.screenshot({ path: join(screens, "import-checked-desktop.png"), fullPage: true });

  await found.getByRole("button", { name: "Import 2 users" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported." })).toBeVisible({ timeout: 20_000 });
  expect(dbRows(`SELECT count(*) AS n FROM users WHERE email_norm IN ('${ann}', 'bob.${tag}@example.com')`)[0].n).toBe(2);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(screens, "import-done-phone.png"), fullPage: true });

  // Ann signs in with her WHMCS password; her hash becomes Roster's argon2id.
  const user = await (await browser.newContext()).newPage();
  await userSignIn(user, ann, PASSWORD);
  await arrive(user, "/account");
  const hash = dbRows(`SELECT password_hash FROM users WHERE email_norm = '${ann}'`)[0].password_hash as string;
  expect(hash.startsWith("$argon2id$")).toBe(true);
});

test("a file that cannot be imported comes back to the upload page with the reason", async ({ page }) => {
  const admin = createStaff({ enrolled: true });
  await signIn(page, admin);
  await page.goto("/admin/users/import");
  await hydrated(page);
  await page.getByLabel("CSV file").setInputFiles({ name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("email,first name\n") });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert")).toHaveText("The file has no rows under its header.");
});
