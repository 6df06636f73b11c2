import { createStaff, dbRows, expect, expectAccessible, seedDemoData, signIn, test, visit } from "./support/roster";

// One seeded user of each kind, chosen from the database and counted there independently
// (client counts straight from the associations, not from Roster's counter column).
const KINDS: Record<string, string> = {
  "inactive, 2FA enrolled": "u.status = 'inactive' AND u.totp_enrolled_at IS NOT NULL",
  "new, 2FA required": "u.status = 'new' AND u.two_factor_required AND u.totp_enrolled_at IS NULL",
  "active, 2FA off, several clients":
    "u.status = 'active' AND NOT u.two_factor_required AND (SELECT count(*) FROM client_users c WHERE c.user_id = u.id) >= 2",
  "no clients, phone verified": "u.phone_verified AND NOT EXISTS (SELECT 1 FROM client_users c WHERE c.user_id = u.id)",
};

test("each user's row shows their real status, 2FA state, verified marks and clients count", async ({ page }) => {
  seedDemoData(300, 60, 11);
  await signIn(page, createStaff({ role: "Support", enrolled: true }));
  for (const [kind, where] of Object.entries(KINDS)) {
    const [user] = dbRows(
      `SELECT u.email, u.first_name, u.last_name, u.status, u.two_factor_required, u.totp_enrolled_at,
              u.email_verified, u.phone, u.phone_verified, u.last_login_at,
              (SELECT count(*) FROM client_users c WHERE c.user_id = u.id) AS clients
       FROM users u WHERE ${where} ORDER BY u.created_at LIMIT 1`,
    );
    expect(user, kind).toBeDefined();
    await visit(page, `/admin/users?q=${encodeURIComponent(String(user.email))}`);
    const row = page.locator("table.list tbody tr");
    await expect(row, kind).toHaveCount(1);
    await expect(row.locator(".user-name")).toHaveText(`${user.first_name} ${user.last_name}`);
    await expect(row.locator(".badge[class*=status-]")).toHaveText(String(user.status).toUpperCase());
    const tfa = user.totp_enrolled_at ? "2FA" : user.two_factor_required ? "2FA required" : "2FA off";
    await expect(row.locator(".badge[class*=tfa-]")).toHaveText(tfa);
    await expect(row.locator("td").nth(2).locator(".verified")).toHaveCount(user.email_verified ? 1 : 0);
    await expect(row.locator("td").nth(3).locator(".verified")).toHaveCount(user.phone_verified ? 1 : 0);
    if (user.phone) {
      // International format: "+<country code> <groups>", the same digits as stored.
      const shown = await row.locator("td").nth(3).locator(".phone").innerText();
      expect(shown).toMatch(/^\+\d+ /);
      expect(shown.replace(/\D/g, "")).toBe(String(user.phone).replace(/\D/g, ""));
    }
    await expect(row.locator("td.num .count"), kind).toHaveText(String(user.clients));
    // The browser asks for en-US: "Mar 7, 2026", the full time on hover.
    const created = row.locator('td[data-label="Created"] time');
    await expect(created).toHaveText(/^[A-Z][a-z]{2} \d{1,2}, \d{4}$/);
    await expect(created).toHaveAttribute("title", /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}:\d{2} [AP]M UTC$/);
    // Last sign-in: its day, or "Never".
    const lastSignIn = row.locator('td[data-label="Last sign-in"]');
    if (user.last_login_at) {
      const day = new Date(String(user.last_login_at));
      const shown = day.toLocaleDateString("en-US", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
      await expect(lastSignIn.locator("time"), kind).toHaveText(shown);
    } else {
      await expect(lastSignIn, kind).toHaveText("Never");
    }
  }
});

test("a slow answer to an earlier search never replaces the answer to a later one", async ({ page }) => {
  seedDemoData(200, 40, 12);
  await signIn(page, createStaff({ role: "Support", enrolled: true }));
  await visit(page, "/admin/users");
  const [anna] = dbRows("SELECT email FROM users ORDER BY created_at LIMIT 1");
  const [bob] = dbRows("SELECT email FROM users ORDER BY created_at DESC LIMIT 1");
  let delayed = 0;
  await page.route("**/api/list_users*", async (route) => {
    if ((route.request().postData() ?? "").includes(String(anna.email).split("@")[0])) {
      delayed += 1;
      await new Promise((r) => setTimeout(r, 2000));
    }
    await route.continue();
  });
  const box = page.getByRole("searchbox", { name: "Search" });
  const rows = page.locator("table.list tbody tr");
  await box.fill(String(anna.email));
  await expect.poll(() => delayed).toBe(1);
  await box.fill(String(bob.email));
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(String(bob.email));
  // Well after the first answer has arrived, the second one is still what is shown.
  await page.waitForTimeout(2500);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(String(bob.email));
  await expect(box).toHaveValue(String(bob.email));
});

test("the eye opens User Clients with the user's clients, their status and OWNER badges", async ({ page }) => {
  seedDemoData(200, 60, 13);
  await signIn(page, createStaff({ role: "Support", enrolled: true }));
  const [user] = dbRows(
    `SELECT hex(u.id) AS id, u.email, u.first_name, u.last_name,
            (SELECT count(*) FROM client_users c WHERE c.user_id = u.id) AS clients,
            (SELECT count(*) FROM client_users c WHERE c.user_id = u.id AND c.owner) AS owned
     FROM users u WHERE (SELECT count(*) FROM client_users c WHERE c.user_id = u.id AND c.owner) >= 1
       AND (SELECT count(*) FROM client_users c WHERE c.user_id = u.id) >= 2
     ORDER BY u.created_at LIMIT 1`,
  );
  expect(user).toBeDefined();
  await visit(page, `/admin/users?q=${encodeURIComponent(String(user.email))}`);
  const name = `${user.first_name} ${user.last_name}`;
  const eye = page.getByRole("button", { name: `View clients of ${name}` });
  await eye.click();
  const dialog = page.getByRole("dialog", { name: "User Clients" });
  const hex = String(user.id).toLowerCase();
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  await expect(dialog.locator("code")).toHaveText(uuid);
  await expect(dialog).toContainText(String(user.email));
  await expect(dialog.locator("tbody tr")).toHaveCount(Number(user.clients));
  await expect(dialog.locator(".badge.owner")).toHaveCount(Number(user.owned));
  const statuses = await dialog.locator("tbody .badge:not(.owner)").allTextContents();
  for (const s of statuses) expect(["NEW", "ACTIVE", "INACTIVE", "CLOSED", "FRAUD"]).toContain(s);
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();
  await expect(eye).toBeFocused();
});
