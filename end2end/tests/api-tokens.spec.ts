import { join } from "node:path";
import { createStaff, expect, expectAccessible, hydrated, signIn, test } from "./support/roster";

const screens = join(__dirname, "../test-results/screens");

test("a staff member makes an API token on My profile, uses it, sees its use, and revokes it", async ({ page }) => {
  const admin = createStaff({ enrolled: true });
  await signIn(page, admin);
  await page.goto("/admin/profile");
  await hydrated(page);
  const section = page.getByRole("region", { name: "API tokens" });
  await expect(section.getByText("No tokens yet.")).toBeVisible();

  // Nothing filled in: each field says what is missing, and nothing is lost.
  await section.getByRole("button", { name: "Create token" }).click();
  await expect(section.locator("#token-name-error")).toHaveText("Name the token, in 1 to 100 characters.");
  await section.getByLabel("Name").fill("billing sync");
  await section.getByRole("button", { name: "Create token" }).click();
  await expect(section.locator("#token-scopes-error")).toHaveText("Choose at least one scope.");
  await expect(section.getByLabel("Name")).toHaveValue("billing sync");

  await section.getByLabel(/users:read/).check();
  await section.getByLabel(/users:write/).check();
  await section.getByLabel("Expires after").selectOption({ label: "90 days" });
  await section.getByRole("button", { name: "Create token" }).click();
  const shown = section.getByLabel("New API token");
  await expect(shown).toHaveValue(/^rst_[A-Za-z0-9_-]{43}$/);
  const token = await shown.inputValue();
  const row = section.locator("tbody tr", { hasText: "billing sync" });
  await expect(row).toContainText("users:read, users:write");
  await expect(row).toContainText("Never");
  await expectAccessible(page);
  await page.screenshot({ path: join(screens, "api-tokens-desktop.png"), fullPage: true });

  // The token works against the API, within its scopes.
  const request = page.request;
  const api = (path: string) => new URL(path, page.url()).toString();
  const auth = { Authorization: `Bearer ${token}` };
  const list = await request.get(api("/api/v1/users?limit=5"), { headers: auth });
  expect(list.status()).toBe(200);
  expect((await list.json()).data.length).toBeLessThanOrEqual(5);
  const made = await request.post(api("/api/v1/users"), {
    headers: auth,
    data: { email: `api-${Date.now()}@example.com`, first_name: "Api", password: "a long enough password" },
  });
  expect(made.status()).toBe(201);
  expect(made.headers()["etag"]).toBe('"1"');
  const audit = await request.get(api("/api/v1/audit"), { headers: auth });
  expect(audit.status()).toBe(403);
  expect(audit.headers()["content-type"]).toBe("application/problem+json");

  // Its use shows on the profile; Revoke asks once more, then the token stops at once.
  await page.reload();
  await hydrated(page);
  await expect(row).toContainText("from 127.0.0.1");
  await row.getByRole("button", { name: "Revoke billing sync" }).click();
  await row.getByRole("button", { name: "Revoke billing sync now" }).click();
  await expect(row).toContainText("REVOKED");
  await expect(row.getByRole("button")).toHaveCount(0);
  const refused = await request.get(api("/api/v1/users"), { headers: auth });
  expect(refused.status()).toBe(401);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(screens, "api-tokens-phone.png"), fullPage: true });
});

test("the API reference renders offline from Roster's own files", async ({ page }) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(process.env.ROSTER_E2E_URL!) && !r.url().startsWith("data:")) outside.push(r.url());
  });
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: /Roster API/ })).toBeVisible();
  await expect(page.getByText("/api/v1/users/{id}", { exact: true }).first()).toBeVisible();
  expect(outside).toEqual([]);
  await page.screenshot({ path: join(screens, "api-docs.png") });
});
