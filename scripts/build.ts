/** `npm run build`: dist/chrome (Chrome, Edge) and dist/firefox, from the same sources. */
import { build } from 'vite';

const targets = process.argv.includes('--chrome-only') ? ['chrome'] : ['chrome', 'firefox'];
for (const browser of targets) {
  process.env.BROWSER = browser;
  const started = performance.now();
  await build({ logLevel: 'warn' });
  console.log(`built dist/${browser} in ${Math.round(performance.now() - started)} ms`);
}
