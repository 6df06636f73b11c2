import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createStaff, createUser, expect, expectAccessible, hydrated, signIn, test } from "./support/roster";

const screens = join(__dirname, "../test-results/screens");

test("Export downloads the filtered list as CSV, with the columns chosen, in the list's order", async ({ page }) => {
  const admin = createStaff({ enrolled: true });
  await signIn(page, admin);
  const family = `Exporter${Date.now()}`;
  for (const first of ["Ada", "Bea", "Cy"]) {
    await createUser(page, {
      first,
      last: family,
      email: `${first.toLowerCase()}.${family.toLowerCase()}@example.com`,
      password: "a long enough password",
    });
  }
  await page.goto(`/admin/users?q=${family}&sort=email&dir=desc`);
  await hydrated(page);
  const listed = await page.locator("tbody td.email").allInnerTexts();
  expect(listed.map((e) => e.trim().split(/\s/)[0])).toEqual([
    `cy.${family.toLowerCase()}@example.com`,
    `bea.${family.toLowerCase()}@example.com`,
    `ada.${family.toLowerCase()}@example.com`,
  ]);

  await page.getByText("Export", { exact: true }).click();
  const form = page.locator("form.export-form");
  await expect(form.getByLabel("Email", { exact: true })).toBeChecked();
  await form.getByLabel("Last sign-in").uncheck();
  await form.getByLabel("ID", { exact: true }).check();
  await expectAccessible(page);
  await page.screenshot({ path: join(screens, "export-desktop.png") });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    form.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path()).toString("utf8").trimEnd().split("\n");
  expect(lines[0]).toBe("ID,First name,Last name,Email,Email verified,Phone,Status,2FA,Clients,Created");
  const rows = lines.slice(1).map((line) => line.split(","));
  expect(rows.map((r) => r[3])).toEqual(listed.map((e) => e.trim().split(/\s/)[0]));
  expect(rows.map((r) => r[1])).toEqual(["Cy", "Bea", "Ada"]);
  expect(rows.every((r) => r[6] === "NEW" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(r[9]))).toBe(true);

  // On a phone the menu opens within the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(screens, "export-phone.png") });
});
