// An operator meets a "Fix the deal" task in Camunda Tasklist, in a real headless Chromium:
// log in, open the task of the given deal, see what is missing, choose Retry, complete it.
//
//   node src/test/browser/fix-deal-tasklist.mjs <base URL> <deal ID> [screenshot.png]
//
// Also read from DEALFLOW_BASE_URL, DEALFLOW_DEAL_ID, DEALFLOW_SCREENSHOT, DEALFLOW_USER/DEALFLOW_PASSWORD
// (admin/admin), DEALFLOW_EXPECTED_PROBLEM and CHROMIUM_PATH (/usr/bin/chromium). Exit 0 when the task was
// completed; otherwise 1, with the page text and a screenshot (<name>-failure.png) for diagnosis.
// FixDealInTasklistIT runs it against the whole application.
import { chromium } from 'playwright-core';

const baseUrl = (process.argv[2] || process.env.DEALFLOW_BASE_URL || 'http://localhost:8080').replace(/\/$/, '');
const dealId = process.argv[3] || process.env.DEALFLOW_DEAL_ID;
const screenshot = process.argv[4] || process.env.DEALFLOW_SCREENSHOT || 'target/fix-deal-tasklist.png';
const user = process.env.DEALFLOW_USER || 'admin';
const password = process.env.DEALFLOW_PASSWORD || 'admin';
const expectedProblem = process.env.DEALFLOW_EXPECTED_PROBLEM || 'Нет телефона контакта (contact phone is missing)';
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT = 30_000;

if (!dealId) {
  console.error('usage: node fix-deal-tasklist.mjs <base URL> <deal ID> [screenshot.png]');
  process.exit(2);
}

const step = (text) => console.log(`[fix-deal-tasklist] ${text}`);
const consoleErrors = [];

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'en-US' });
page.setDefaultTimeout(TIMEOUT);
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text());
});
page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));

let exitCode = 0;
try {
  // the login form's fields are bound to "username" and "password" (ng-model; no name attribute)
  const username = page.locator('input[ng-model="username"], input[name="username"]').first();
  for (let attempt = 1; ; attempt++) {
    step(`open ${baseUrl}/camunda/app/tasklist/ (Chromium ${browser.version()})`);
    await page.goto(`${baseUrl}/camunda/app/tasklist/`, { waitUntil: 'domcontentloaded' });
    try {
      await username.waitFor();
      break;
    } catch (error) {
      // on a busy machine Tasklist's module loader gives up after a few seconds (requirejs "Load timeout for
      // modules") and the page stays blank; loading it again is what a user would do
      if (attempt >= 3) throw error;
      step(`Tasklist did not start (${consoleErrors.at(-1) ?? 'no error'}); loading it again`);
    }
  }

  step(`log in as ${user}`);
  const passwordField = page.locator('input[ng-model="password"], input[name="password"]').first();
  for (let attempt = 1; ; attempt++) {
    await username.fill(user);
    await passwordField.fill(password);
    // the form's autofocus can land on the user name after its first render and take the password's keystrokes
    if (await username.inputValue() === user && await passwordField.inputValue() === password) break;
    if (attempt >= 5) throw new Error('the login form did not keep what was typed into it');
    step('the login form lost what was typed (focus moved while it rendered); typing again');
    await page.waitForTimeout(500);
  }
  await page.getByRole('button', { name: /log in/i }).click();

  step('find the "Fix the deal" task of deal ' + dealId + ' in the "All tasks" filter');
  await page.getByText('All tasks').first().waitFor();
  const entries = page.locator('.tasks-list li.task').filter({ hasText: 'Fix the deal' });
  await entries.first().waitFor();
  const dealIdField = page.getByLabel('Сделка Bitrix24 (deal ID)');
  let found = false;
  const count = await entries.count();
  for (let i = 0; i < count && !found; i++) {
    await entries.nth(i).locator('a').first().click();
    // the form loads the task's variables; wait until it shows this deal (or give up on this entry)
    found = await page.waitForFunction(
      (id) => document.querySelector('.fjs-container input[id$="-Field_DealId"]')?.value === id,
      dealId, { timeout: count === 1 ? TIMEOUT : 10_000 }).then(() => true, () => false);
  }
  if (!found) throw new Error(`none of the ${count} "Fix the deal" tasks is for deal ${dealId}`);

  step('the form names what is missing');
  const problems = await page.getByLabel('Чего не хватает (what is missing)').inputValue();
  step(`problems shown: ${JSON.stringify(problems)}`);
  if (!problems.includes(expectedProblem)) {
    throw new Error(`the form shows ${JSON.stringify(problems)}, not ${JSON.stringify(expectedProblem)}`);
  }

  // Tasklist shows the form of a task nobody has claimed, but disabled: the operator claims it first
  const claim = page.getByText('Claim', { exact: true });
  if (await claim.count() > 0 && await claim.first().isVisible()) {
    step('claim the task');
    await claim.first().click();
  }
  await page.locator('.disabled-form').waitFor({ state: 'detached' });

  step('choose Retry');
  await page.getByLabel('Retry: re-read the deal and continue').check();
  await page.screenshot({ path: screenshot, fullPage: true });
  step(`screenshot: ${screenshot}`);

  step('complete the task');
  await page.getByRole('button', { name: /^\s*complete\s*$/i }).click();
  // the completed task leaves the list and its form closes
  await dealIdField.waitFor({ state: 'detached' });
  await page.locator('.tasks-list li.task').filter({ hasText: 'Fix the deal' }).first()
    .waitFor({ state: 'detached' }).catch(() => step('other "Fix the deal" tasks are still listed'));
  step('the task is completed');
} catch (error) {
  exitCode = 1;
  console.error(`[fix-deal-tasklist] FAILED: ${error.message}`);
  console.error(`[fix-deal-tasklist] page: ${page.url()}`);
  try {
    const failure = screenshot.replace(/\.png$/, '') + '-failure.png';
    await page.screenshot({ path: failure, fullPage: true });
    console.error(`[fix-deal-tasklist] screenshot of the failure: ${failure}`);
    const text = await page.locator('body').innerText();
    console.error(`[fix-deal-tasklist] page text:\n${text.slice(0, 4000)}`);
  } catch (diagnosis) {
    console.error(`[fix-deal-tasklist] no diagnosis: ${diagnosis.message}`);
  }
  if (consoleErrors.length) console.error(`[fix-deal-tasklist] browser console errors:\n${consoleErrors.join('\n')}`);
} finally {
  await browser.close();
}
process.exit(exitCode);
