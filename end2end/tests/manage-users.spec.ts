import { createStaff, expect, hydrated, seedDemoData, signIn, test, visit } from "./support/roster";

test("Manage Users lists, searches and filters users, and the URL keeps the view", async ({ page }) => {
  seedDemoData(150, 30, 5);
  const staff = createStaff({ role: "Support", enrolled: true });
  await signIn(page, staff);

  await visit(page, "/admin/users");
  await expect(page.getByRole("heading", { name: "Manage Users" })).toBeVisible();
  await expect(page.getByRole("status")).toHaveText(/^Showing 1-25 of [\d,]+$/);
  const rows = page.locator("table.list tbody tr");
  await expect(rows).toHaveCount(25);

  // Typing searches (paced: at most one search waiting) and puts the term in the URL.
  await page.getByRole("searchbox", { name: "Search" }).fill("GMAIL");
  await expect(page).toHaveURL(/[?&]q=GMAIL/);
  await expect(rows.first()).toContainText("gmail.com");
  const emails = await rows.locator("td:nth-child(3)").allTextContents();
  expect(emails.length).toBeGreaterThan(0);
  for (const e of emails) expect(e.toLowerCase()).toContain("gmail");

  // A filter narrows further; every badge then says INACTIVE.
  await page.getByLabel("Status").selectOption("inactive");
  await expect(page).toHaveURL(/status=inactive/);
  await expect(rows.locator(".badge.status-active")).toHaveCount(0);
  const badges = await rows.locator(".badge[class*=status-]").allTextContents();
  for (const b of badges) expect(b).toBe("INACTIVE");

  // Reload restores the same view from the URL.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("searchbox", { name: "Search" })).toHaveValue("GMAIL");
  await expect(page.getByLabel("Status")).toHaveValue("inactive");

  // Nothing matches: a clear empty state.
  await visit(page, "/admin/users?q=no-such-user-anywhere");
  await expect(page.getByText("No users match “no-such-user-anywhere” and the chosen filters.")).toBeVisible();

  // Sorting by a column header, then the other way round.
  await visit(page, "/admin/users");
  await page.getByRole("link", { name: "Name" }).click();
  await expect(page).toHaveURL(/sort=name&dir=asc/);
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "ascending");
  const names = await rows.locator(".user-name").allTextContents();
  expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  await page.getByRole("link", { name: /Name/ }).click();
  await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");

  // Paging by links.
  await visit(page, "/admin/users");
  await page.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByRole("status")).toHaveText(/^Showing 26-50 of/);

  // Jumping straight to a page, and to the last one.
  await page.getByLabel("Go to page").fill("4");
  await page.getByRole("button", { name: "Go", exact: true }).click();
  await expect(page).toHaveURL(/page=4/);
  await expect(page.getByRole("status")).toHaveText(/^Showing 76-100 of/);
  await page.getByRole("link", { name: "Last", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText(/^Showing [\d,]+-([\d,]+) of \1$/);
});
