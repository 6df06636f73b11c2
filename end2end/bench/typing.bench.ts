// Time from the last keystroke in Manage Users' search box to the rendered rows for that
// term, at the seeded database's size. Prints one Markdown table row for BENCHMARKS.md.
import { writeFileSync } from "node:fs";
import { createStaff, expect, signIn, test, visit } from "../tests/support/roster";

const TERMS = (process.env.ROSTER_BENCH_TERMS ?? "hugo,smith,gmail,anna k,4155,müller,o'brien,xq")
  .split(",");
const ROUNDS = Number(process.env.ROSTER_BENCH_ROUNDS ?? 5);

test("keystroke to rendered rows", async ({ page }) => {
  const staff = createStaff({ enrolled: true });
  await signIn(page, staff);
  await visit(page, "/admin/users");
  const box = page.getByRole("searchbox", { name: "Search" });

  // The page records when the last input event happened and when the results last changed.
  await page.evaluate(() => {
    const w = window as unknown as { lastInput: number; lastRender: number };
    w.lastInput = 0;
    w.lastRender = 0;
    document.querySelector("input[type=search]")!
      .addEventListener("input", () => { w.lastInput = performance.now(); });
    new MutationObserver(() => { w.lastRender = performance.now(); })
      .observe(document.querySelector("main")!, { childList: true, subtree: true, characterData: true });
  });

  const total: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const term of TERMS) {
      await box.fill("");
      await expect(page).not.toHaveURL(/[?&]q=/);
      await page.waitForTimeout(400);
      await box.pressSequentially(term, { delay: 40 });
      await page.waitForURL((u) => u.searchParams.get("q") === term);
      // Settled: the results changed after the last key, then nothing for 300 ms.
      await page.waitForFunction(() => {
        const w = window as unknown as { lastInput: number; lastRender: number };
        return w.lastRender > w.lastInput && performance.now() - w.lastRender > 300;
      });
      await expect(page.locator("p.showing, .empty-state")).toHaveCount(1);
      const ms = await page.evaluate(() => {
        const w = window as unknown as { lastInput: number; lastRender: number };
        return w.lastRender - w.lastInput;
      });
      total.push(ms);
      if (process.env.ROSTER_BENCH_VERBOSE) console.log(`${term}: ${ms.toFixed(0)} ms`);
    }
  }
  total.sort((a, b) => a - b);
  const pct = (p: number) => total[Math.min(total.length - 1, Math.ceil(total.length * p) - 1)].toFixed(0);
  const line = `| ${process.env.ROSTER_BENCH_ENGINE ?? "?"} | ${total.length} | ${pct(0.5)} ms | ${pct(0.95)} ms | ${pct(1)} ms |`;
  console.log(line);
  if (process.env.ROSTER_BENCH_OUT) writeFileSync(process.env.ROSTER_BENCH_OUT, `${line}\n`, { flag: "a" });
});
