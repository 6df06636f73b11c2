import type { Browser, Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dropPgDatabase, freshPgDatabase, startNode } from "./support/nodes";
import { createStaff, createUser, editUser, expect, signIn, test, visit, type Staff } from "./support/roster";

const password = "quiet harbour lanterns 42";
/** The promise: a change shows on every open console within one second. */
const withinASecond = { timeout: 1_000 };

async function openConsole(browser: Browser, staff: Staff, baseURL?: string): Promise<Page> {
  const page = await (await browser.newContext(baseURL ? { baseURL } : {})).newPage();
  await signIn(page, staff);
  return page;
}

async function find(staff: Page, q: string) {
  await staff.getByRole("searchbox", { name: "Search" }).fill(q);
}

test("changes made in one console show up live in another", async ({ browser }) => {
  const tag = `live${Date.now()}`;
  const alice = await openConsole(browser, createStaff({ enrolled: true }));
  const bea = await openConsole(browser, createStaff({ enrolled: true }));
  await createUser(bea, { first: "Liv", last: "First", email: `liv.${tag}@example.org`, password });

  await visit(alice, `/admin/users?q=${tag}`);
  await expect(alice.locator(".live-status")).toHaveText("Live");
  const rows = alice.locator("table.list tbody tr");
  await expect(rows).toHaveCount(1);
  const liv = alice.locator("tr", { hasText: `liv.${tag}` });

  // Bea deactivates Liv: Alice's row changes in place, without a reload.
  await find(bea, tag);
  await editUser(bea, "Liv First", (d) => d.getByLabel("Status").selectOption("inactive"));
  await expect(liv.locator(".badge[class*=status-]")).toHaveText("INACTIVE", withinASecond);
  await expect(liv).toHaveClass(/changed/);

  // Alice is editing Liv when Bea saves her: Alice's modal says so, and can load Bea's version.
  await alice.getByRole("button", { name: "Edit Liv First" }).click();
  const dialog = alice.getByRole("dialog", { name: "Edit User" });
  await expect(dialog.locator("#user-email")).not.toHaveValue("");
  await editUser(bea, "Liv First", (d) => d.getByLabel("Lastname").fill("Changed"));
  await expect(dialog.getByText("Someone else saved this user while you were editing.")).toBeVisible(withinASecond);
  await dialog.getByRole("button", { name: "Load their version" }).click();
  await expect(dialog.getByLabel("Lastname")).toHaveValue("Changed");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(liv.locator(".user-name")).toHaveText("Liv Changed", withinASecond);

  // A new matching user waits behind a bar instead of moving the table.
  await createUser(bea, { first: "Max", last: "Second", email: `max.${tag}@example.org`, password });
  await expect(alice.getByRole("button", { name: "1 new user – show" })).toBeVisible(withinASecond);
  await expect(rows).toHaveCount(1);
  await alice.getByRole("button", { name: "1 new user – show" }).click();
  await expect(rows).toHaveCount(2);

  // Bea deletes Liv: the row fades out of Alice's table.
  await find(bea, `liv.${tag}`);
  await bea.getByRole("button", { name: "Delete Liv Changed" }).click();
  const confirm = bea.getByRole("dialog", { name: /Delete/ });
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(confirm).toBeHidden();
  // It fades out (class "gone"), or is already dropped when a refresh for Max's arrival
  // answered after the delete: either way no live row of Liv stays.
  await expect(alice.locator("table.list tbody tr:not(.gone)", { hasText: `liv.${tag}` })).toHaveCount(0, withinASecond);
  await expect(rows).toHaveCount(1);
});

test("a late answer to an older live refresh never overwrites a newer one", async ({ browser }) => {
  const tag = `order${Date.now()}`;
  const alice = await openConsole(browser, createStaff({ enrolled: true }));
  const bea = await openConsole(browser, createStaff({ enrolled: true }));
  await createUser(bea, { first: "Ola", last: "Start", email: `ola.${tag}@example.org`, password });
  await visit(alice, `/admin/users?q=${tag}`);
  await expect(alice.locator(".live-status")).toHaveText("Live");
  const ola = alice.locator("tr", { hasText: `ola.${tag}` });

  // Alice's first refresh is answered at once by the server but reaches her page late.
  let refreshes = 0;
  await alice.route("**/api/list_users*", async (route) => {
    refreshes += 1;
    const answer = await route.fetch();
    if (refreshes === 1) await new Promise((r) => setTimeout(r, 2500));
    await route.fulfill({ response: answer });
  });
  await find(bea, tag);
  await editUser(bea, "Ola Start", (d) => d.getByLabel("Lastname").fill("Older"));
  await expect.poll(() => refreshes).toBe(1);
  await editUser(bea, "Ola Older", (d) => d.getByLabel("Lastname").fill("Newer"));
  await expect(ola.locator(".user-name")).toHaveText("Ola Newer");
  // After the late answer (with "Older") has arrived, the newer state is still shown.
  await alice.waitForTimeout(3000);
  expect(refreshes).toBeGreaterThanOrEqual(2);
  await expect(ola.locator(".user-name")).toHaveText("Ola Newer");
});

test("nodes on one PostgreSQL database see each other's changes; a restarted node's console catches up", async ({ browser }) => {
  test.setTimeout(120_000);
  const db = freshPgDatabase();
  const dir = mkdtempSync(join(tmpdir(), "roster-nodes-"));
  const nodeA = await startNode(db, dir);
  let nodeB = await startNode(db, dir);
  try {
    // Two staff members: one TOTP code signs in once.
    const on = { db, dataDir: dir };
    const onA = await openConsole(browser, createStaff({ enrolled: true, on }), nodeA.url);
    const onB = await openConsole(browser, createStaff({ enrolled: true, on }), nodeB.url);
    const tag = `node${Date.now()}`;
    await createUser(onA, { first: "Nia", last: "Node", email: `nia.${tag}@example.org`, password });

    await visit(onB, `/admin/users?q=${tag}`);
    await expect(onB.locator(".live-status")).toHaveText("Live");
    const nia = onB.locator("tr", { hasText: `nia.${tag}` });
    await expect(nia.locator(".badge[class*=status-]")).toHaveText("NEW");

    // Changed through node A, seen in the browser on node B.
    await find(onA, tag);
    await editUser(onA, "Nia Node", (d) => d.getByLabel("Status").selectOption("inactive"));
    await expect(nia.locator(".badge[class*=status-]")).toHaveText("INACTIVE", withinASecond);

    // Node B dies; a change is made meanwhile; node B comes back on the same port.
    nodeB.process.kill("SIGKILL");
    await expect(onB.locator(".live-status")).toHaveText("Reconnecting…");
    await editUser(onA, "Nia Node", (d) => d.getByLabel("Status").selectOption("active"));
    nodeB = await startNode(db, dir, nodeB.port);
    await expect(onB.locator(".live-status")).toHaveText("Live", { timeout: 15_000 });
    await expect(nia.locator(".badge[class*=status-]")).toHaveText("ACTIVE");
  } finally {
    nodeA.process.kill("SIGTERM");
    nodeB.process.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    dropPgDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  }
});
