import { arrive, createStaff, expect, expectAccessible, test, totp, visit } from "./support/roster";

test("a new staff member enrols TOTP at first sign-in, then signs out", async ({ page }) => {
  const staff = createStaff();

  // Signed out, the console sends you to the sign-in page.
  await visit(page, "/admin/users");
  await expect(page).toHaveURL(/\/admin\/login$/);
  await page.getByLabel("Email").fill(staff.email);
  await page.getByLabel("Password").fill(staff.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();

  // No 2FA yet: enrolment with a QR code and the secret as text.
  await arrive(page, "/admin/login/enrol");
  await expect(page.getByRole("img", { name: /QR code/ })).toBeVisible();
  const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{26,}$/);

  // A wrong code keeps you on the page with a clear message.
  const good = totp(secret);
  const wrong = ((Number(good) + 1) % 1_000_000).toString().padStart(6, "0");
  await page.getByLabel("Authentication code").fill(wrong);
  await page.getByRole("button", { name: "Activate and sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("not correct");

  await page.getByLabel("Authentication code").fill(good);
  await page.getByRole("button", { name: "Activate and sign in" }).click();
  await arrive(page, "/admin");
  await expect(page.getByTestId("staff-name")).toContainText(staff.name);
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Manage Users" })).toBeVisible();

  // The enrolment is in the audit trail in words, with the staff member's name as the actor.
  await visit(page, "/admin/activity?action=staff.totp_enrol");
  const entry = page.locator("table tbody tr", { hasText: staff.email }).first();
  await expect(entry).toContainText("Staff member set up 2FA");
  await expect(entry).toContainText(staff.name);
  await expect(page.getByText("staff.totp_enrol", { exact: true })).toHaveCount(0);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Manage Users" }).click();
  await arrive(page, "/admin/users");
  await expect(page.getByRole("heading", { name: "Manage Users" })).toBeVisible();

  await page.getByRole("button", { name: "Log out" }).click();
  await arrive(page, "/admin/login");
  await visit(page, "/admin");
  await expect(page).toHaveURL(/\/admin\/login$/);
});

test("wrong password, unknown email and wrong code get one generic message", async ({ page }) => {
  const staff = createStaff({ enrolled: true });
  const generic = "Sign-in failed: the email, password or code is not correct.";

  const signIn = async (email: string, password: string) => {
    await visit(page, "/admin/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
  };

  await signIn(staff.email, "not-the-password");
  await expect(page.getByRole("alert")).toHaveText(generic);
  await expect(page.getByLabel("Email")).toHaveValue(staff.email);

  await signIn("nobody-here@roster.test", staff.password);
  await expect(page.getByRole("alert")).toHaveText(generic);

  await signIn(staff.email.toUpperCase(), staff.password);
  await arrive(page, "/admin/login/code");
  const good = totp(staff.totpSecret!);
  const wrong = ((Number(good) + 1) % 1_000_000).toString().padStart(6, "0");
  await page.getByLabel("Authentication code").fill(wrong);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("alert")).toHaveText(generic);

  await page.getByLabel("Authentication code").fill(good);
  await page.getByRole("button", { name: "Verify" }).click();
  await arrive(page, "/admin");
  await expect(page.getByTestId("staff-name")).toContainText(`${staff.name} (Administrator)`);
});

test("error pages are real: unknown addresses answer 404", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expectAccessible(page);
});
