// Pages that must work before (or without) the WASM: run by the "no-js" project, whose browser
// has JavaScript turned off. Forms post to their server functions, which answer with redirects.
import { createStaff, createUser, editUser, expect, seedDemoData, signIn, test, totp } from "./support/roster";

test("staff sign in with password and code, and search Manage Users, without JavaScript", async ({ page }) => {
  seedDemoData(60, 10, 11);
  const staff = createStaff({ role: "Support", enrolled: true });
  await page.goto("/admin/login");
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/login\/code$/);
  await page.getByLabel("Authentication code").fill(totp(staff.totpSecret!));
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/admin$/);

  // The search form is a GET form: the server renders the matching page.
  await page.goto("/admin/users");
  const rows = page.locator("table.list tbody tr");
  await expect(rows).toHaveCount(25);
  await page.getByRole("searchbox", { name: "Search" }).fill("gmail");
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(/[?&]q=gmail/);
  const emails = await rows.locator("td:nth-child(3)").allTextContents();
  expect(emails.length).toBeGreaterThan(0);
  for (const e of emails) expect(e.toLowerCase()).toContain("gmail");
});

test("a user signs in to the client area without JavaScript", async ({ page, browser }) => {
  const email = `nojs.${Date.now()}@example.org`;
  const password = "quiet harbour lanterns 42";
  // Staff (with JavaScript) create the user; the user's browser has none.
  const staff = await (await browser.newContext({ javaScriptEnabled: true })).newPage();
  await signIn(staff, createStaff({ enrolled: true }));
  await createUser(staff, { first: "Nora", last: "Script", email, password });
  await staff.getByRole("searchbox", { name: "Search" }).fill(email);
  await expect(staff.locator("table.list tbody tr")).toHaveCount(1);
  await editUser(staff, "Nora Script", (d) => d.getByLabel("Email Verified").check());
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Hello, Nora Script" })).toBeVisible();
});
