/**
 * The bench's peer: what a plain tour library does for the same visible job on Microsoft's Approval
 * required page, with driver.js. When the page's heading says "Approval required" (watched until it does,
 * as the page renders late), it highlights "Request approval", shows a popover with text comparable to the
 * companion's step, and fills the justification box when empty (with the events a form listens to). No
 * guard, no worker round trip. Built by the bench only (dev dependency); never shipped.
 */
import { driver } from 'driver.js';
import css from 'driver.js/dist/driver.css';

const TEXT =
  'Step 2 of 7 in Rox\'s guide. Your organization requires an administrator to approve Rox 365 Integration before it can read your calendar. ' +
  'We filled in a justification for you: check it, then click Request approval. Your admin gets an e-mail; you will see here when they have approved it. ' +
  'Permissions: Read your calendars, Have full access to your calendars, Sign you in and read your profile, Maintain access to data you have given it access to.';
const JUSTIFICATION = 'I use Rox to sync my Outlook calendar so meetings appear in my Rox workspace. Please approve Rox 365 Integration.';

const heading = () => [...document.querySelectorAll('[role=heading]')].some((h) => h.textContent?.trim() === 'Approval required');

function tour() {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  const box = document.querySelector('textarea');
  if (box && !box.value) {
    box.value = JUSTIFICATION;
    box.dispatchEvent(new Event('input', { bubbles: true }));
    box.dispatchEvent(new Event('change', { bubbles: true }));
  }
  driver({ allowClose: true, overlayOpacity: 0.4, animate: false }).highlight({
    element: 'input[type=submit][value="Request approval"]',
    popover: { title: 'Request approval (step 2 of 7)', description: TEXT, side: 'bottom' },
  });
}

if (heading()) tour();
else {
  const observer = new MutationObserver(() => {
    if (!heading()) return;
    observer.disconnect();
    tour();
  });
  observer.observe(document.body, { childList: true, subtree: true });
  // Like the companion's engine: stop watching a page that never turns out to be one.
  setTimeout(() => observer.disconnect(), 15_000);
}
