/** `npm run sandbox`: the sandbox on its own, for a browser you start yourself. */
import { startSandbox } from './server.js';

const port = Number(process.env.SANDBOX_PORT ?? 8443);
const sandbox = await startSandbox({ port });
console.log(`Sandbox on https://127.0.0.1:${sandbox.port}`);
console.log(`Start Chromium with: --host-resolver-rules="${sandbox.hostResolverRules}" --ignore-certificate-errors`);
console.log('Control API: POST https://127.0.0.1:' + sandbox.port + '/__sandbox/{reset,policy,grant,deny,expire,request}; GET /__sandbox/state');
