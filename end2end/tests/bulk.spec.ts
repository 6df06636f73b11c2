import { join } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { createApiToken, createStaff, dbRows, expect, expectAccessible, hydrated, signIn, test } from "./support/roster";

const screens = join(__dirname, "../test-results/screens");

/** `n` users of one family, made through the REST API (the list is what is under test here,
 *  not the Create dialog). */
async function seedFamily(request: APIRequestContext, token: string, family: string, n: number) {
  for (let i = 1; i <= n; i++) {
    const made = await request.post("/api/v1/users", {
      headers: { Authorization: `Bearer ${token}` },
      data: { email: `m${i}.${family.toLowerCase()}@example.com`, first_name: `Member${i}`, last_name: family, invite: true },
    });
    expect(made.status()).toBe(201);
  }
}

test("select all matching a search over several pages, deactivate them as a job, watch the rows change", async ({ page }) => {
  const admin = createStaff({ enrolled: true });
  const family = `Bulk${Date.now()}`;
  await seedFamily(page.request, createApiToken(admin), family, 60);
  await signIn(page, admin);
  await page.goto(`/admin/users?q=${family}&per=25`);
  await hydrated(page);
  await expect(page.locator("tbody tr")).toHaveCount(25);

  await page.getByLabel("Select this page").check();
  const bar = page.locator(".bulk-bar");
  await expect(bar).toContainText("25 selected");
  await bar.getByRole("button", { name: "Select all 60 matching" }).click();
  await expect(bar).toContainText("All users matching the search and filters are selected");
  await expect(page.locator("tbody td.pick input:checked")).toHaveCount(25);
  await bar.getByLabel("Action").selectOption({ label: "Deactivate" });
  await page.screenshot({ path: join(screens, "bulk-bar-desktop.png") });
  await bar.getByRole("button", { name: "Apply…" }).click();

  const dialog = page.getByRole("dialog", { name: "Deactivate?" });
  await expect(dialog).toContainText("Deactivate 60 users?");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Deactivate 60 users" }).click();
  await expect(dialog).toBeHidden();

  const job = page.locator(".job").filter({ hasText: "Deactivate 60 users" });
  await expect(job.locator(".badge")).toHaveText("Done", { timeout: 30_000 });
  await expect(job).toContainText("60 of 60 · 60 changed");
  // The rows on screen changed live, without a reload.
  await expect(page.locator("tbody tr .badge", { hasText: "INACTIVE" })).toHaveCount(25);
  await expect(page.locator("tbody td.pick input:checked")).toHaveCount(0);
  const left = dbRows(`SELECT count(*) AS n FROM users WHERE last_name = '${family}' AND status != 'inactive'`);
  expect(left[0].n).toBe(0);
  await page.screenshot({ path: join(screens, "bulk-done-desktop.png") });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.locator("tbody td.pick input").first().check();
  await expect(bar).toContainText("1 selected");
  await page.screenshot({ path: join(screens, "bulk-phone.png"), fullPage: false });
});
